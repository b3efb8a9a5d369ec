package io.syntropic137.projections.readmodels.workflows;

import com.fasterxml.jackson.core.type.TypeReference;
import io.syntropic137.domain.orchestration.InputDeclaration;
import io.syntropic137.domain.orchestration.PhaseDefinition;
import io.syntropic137.domain.orchestration.TemplateType;
import io.syntropic137.projections.readmodels.support.Binder;
import io.syntropic137.projections.readmodels.support.CachedReads;
import io.syntropic137.projections.readmodels.support.Page;
import io.syntropic137.projections.readmodels.support.PageRequest;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Workflow list (type, archived, name search; by name or newest) and detail with phases and inputs. */
public final class WorkflowQueries {
    public enum Sort { NAME, NEWEST_FIRST }

    /** {@code nameContains} matches case-insensitively; archived templates are left out unless asked for. */
    public record Filter(TemplateType type, boolean includeArchived, String nameContains) {
        public static final Filter ACTIVE = new Filter(null, false, null);
    }

    public record WorkflowSummary(String templateId, String name, TemplateType type, String classification,
                                  String repository, boolean archived, int phaseCount, Instant createdAt, Instant updatedAt) {
    }

    public record WorkflowDetail(WorkflowSummary summary, String ref, List<InputDeclaration> inputs,
                                 List<PhaseDefinition> phases) {
    }

    private static final String NAME = WorkflowsProjection.NAME;
    private final CachedReads reads;

    public WorkflowQueries(CachedReads reads) {
        this.reads = reads;
    }

    public Page<WorkflowSummary> list(Filter filter, Sort sort, PageRequest page) {
        return reads.get(NAME, "list/" + filter + "/" + sort + "/" + page.cacheKey(), new TypeReference<Page<WorkflowSummary>>() {
        }, (tables, c) -> {
            StringBuilder sql = new StringBuilder("SELECT " + WorkflowTable.INSTANCE.columnList() + " FROM "
                    + tables.of(WorkflowTable.NAME) + " WHERE 1 = 1");
            if (filter.type() != null) {
                sql.append(" AND type = ?");
            }
            if (!filter.includeArchived()) {
                sql.append(" AND archived = 0");
            }
            if (filter.nameContains() != null) {
                sql.append(" AND lower(name) LIKE ?");
            }
            sql.append(sort == Sort.NAME ? " ORDER BY name, template_id" : " ORDER BY created_at DESC, template_id DESC");
            sql.append(" LIMIT ? OFFSET ?");
            try (PreparedStatement s = c.prepareStatement(sql.toString())) {
                Binder b = new Binder(s);
                if (filter.type() != null) {
                    b.name(filter.type());
                }
                if (filter.nameContains() != null) {
                    b.text("%" + filter.nameContains().toLowerCase(Locale.ROOT).replace("%", "").replace("_", "") + "%");
                }
                b.number(page.limit() + 1L).number(page.offset());
                List<WorkflowSummary> rows = new ArrayList<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        rows.add(summary(WorkflowTable.INSTANCE.readRow(rs)));
                    }
                }
                return Page.fromOffset(rows, page);
            }
        });
    }

    public Optional<WorkflowDetail> detail(String templateId) {
        return Optional.ofNullable(reads.get(NAME, "detail/" + templateId, new TypeReference<WorkflowDetail>() {
        }, (tables, c) -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + WorkflowTable.INSTANCE.columnList() + " FROM "
                    + tables.of(WorkflowTable.NAME) + " WHERE template_id = ?")) {
                s.setString(1, templateId);
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) {
                        return null;
                    }
                    WorkflowTable.Row r = WorkflowTable.INSTANCE.readRow(rs);
                    return new WorkflowDetail(summary(r), r.ref, r.inputs, r.phases);
                }
            }
        }));
    }

    private static WorkflowSummary summary(WorkflowTable.Row r) {
        return new WorkflowSummary(r.templateId, r.name, r.type, r.classification, r.repository, r.archived, r.phases.size(),
                r.createdAt, r.updatedAt);
    }
}
