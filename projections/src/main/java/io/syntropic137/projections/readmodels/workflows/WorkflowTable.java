package io.syntropic137.projections.readmodels.workflows;

import com.fasterxml.jackson.core.type.TypeReference;
import io.syntropic137.domain.orchestration.InputDeclaration;
import io.syntropic137.domain.orchestration.PhaseDefinition;
import io.syntropic137.domain.orchestration.TemplateType;
import io.syntropic137.projections.readmodels.support.Binder;
import io.syntropic137.projections.readmodels.support.CachedReads;
import io.syntropic137.projections.readmodels.support.Column;
import io.syntropic137.projections.readmodels.support.RowReader;
import io.syntropic137.projections.readmodels.support.RowTable;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

import static io.syntropic137.projections.readmodels.support.Column.number;
import static io.syntropic137.projections.readmodels.support.Column.optionalText;
import static io.syntropic137.projections.readmodels.support.Column.text;

/** {@code workflow}: one row per workflow template, its phases and inputs as JSON (always read whole). */
final class WorkflowTable extends RowTable<String, WorkflowTable.Row> {
    static final WorkflowTable INSTANCE = new WorkflowTable();
    static final String NAME = "workflow";

    static final class Row {
        String templateId;
        String name;
        TemplateType type;
        String classification;
        String repository;
        String ref;
        boolean archived;
        List<InputDeclaration> inputs;
        List<PhaseDefinition> phases;
        Instant createdAt;
        Instant updatedAt;
    }

    private WorkflowTable() {
        super(NAME, Column.of(text("template_id"), text("name"), text("type"), optionalText("classification"),
                optionalText("repository"), optionalText("ref"), number("archived"), text("inputs"), text("phases"),
                number("phase_count"), number("created_at"), number("updated_at")), 1,
                List.of(List.of("name"), List.of("created_at")));
    }

    @Override
    protected void bindKey(Binder b, String key) throws SQLException {
        b.text(key);
    }

    @Override
    protected void bindRow(Binder b, Row r) throws SQLException {
        b.text(r.templateId).text(r.name).name(r.type).text(r.classification).text(r.repository).text(r.ref)
                .bool(r.archived).text(CachedReads.json(r.inputs)).text(CachedReads.json(r.phases)).number(r.phases.size())
                .instant(r.createdAt).instant(r.updatedAt);
    }

    @Override
    protected Row read(RowReader in) throws SQLException {
        Row r = new Row();
        r.templateId = in.text();
        r.name = in.text();
        r.type = in.name(TemplateType.class);
        r.classification = in.text();
        r.repository = in.text();
        r.ref = in.text();
        r.archived = in.bool();
        r.inputs = CachedReads.fromJson(in.text(), new TypeReference<List<InputDeclaration>>() {
        });
        r.phases = CachedReads.fromJson(in.text(), new TypeReference<List<PhaseDefinition>>() {
        });
        in.number(); // phase_count: derived, for list queries
        r.createdAt = in.instant();
        r.updatedAt = in.instant();
        return r;
    }
}
