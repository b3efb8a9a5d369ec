package io.syntropic137.projections.readmodels.workflows;

import io.syntropic137.application.StreamIds;
import io.syntropic137.application.codec.EventCodec;
import io.syntropic137.domain.orchestration.PhaseDefinition;
import io.syntropic137.domain.orchestration.TemplateEvent;
import io.syntropic137.domain.orchestration.TemplateEvent.WorkflowPhaseUpdated;
import io.syntropic137.domain.orchestration.TemplateEvent.WorkflowTemplateArchived;
import io.syntropic137.domain.orchestration.TemplateEvent.WorkflowTemplateCreated;
import io.syntropic137.domain.orchestration.WorkflowTemplate;
import io.syntropic137.domain.shared.DomainEvent;
import io.syntropic137.eventstore.EventFilter;
import io.syntropic137.eventstore.RecordedEvent;
import io.syntropic137.projections.ProjectionTables;
import io.syntropic137.projections.readmodels.support.DomainProjection;
import io.syntropic137.projections.readmodels.support.Rows;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** Workflow list and detail, from template streams. Run counts come from the executions read model. */
public final class WorkflowsProjection extends DomainProjection {
    public static final String NAME = "workflows";

    public WorkflowsProjection(EventCodec codec) {
        super(codec, NAME, 1, EventFilter.streamPrefix(StreamIds.prefix(WorkflowTemplate.TYPE)), List.of(WorkflowTable.INSTANCE));
    }

    @Override
    protected Fold begin(ProjectionTables tables, Connection c) {
        Rows<String, WorkflowTable.Row> workflows = WorkflowTable.INSTANCE.rows(tables, c);
        return new Fold() {
            @Override
            public void apply(DomainEvent domainEvent, RecordedEvent recorded) throws SQLException {
                TemplateEvent event = (TemplateEvent) domainEvent;
                if (event instanceof WorkflowTemplateCreated e) {
                    WorkflowTable.Row r = new WorkflowTable.Row();
                    r.templateId = e.templateId();
                    r.name = e.name();
                    r.type = e.type();
                    r.classification = e.classification();
                    r.repository = e.repository();
                    r.ref = e.ref();
                    r.inputs = e.inputs() == null ? List.of() : e.inputs();
                    r.phases = e.phases();
                    r.createdAt = e.at();
                    r.updatedAt = e.at();
                    workflows.put(r.templateId, r);
                    return;
                }
                WorkflowTable.Row r = workflows.find(event.templateId()).orElseThrow(() -> new IllegalStateException(
                        "template " + event.templateId() + " has " + recorded.type() + " before it was created"));
                workflows.put(r.templateId, r);
                switch (event) {
                    case WorkflowTemplateCreated e -> throw new IllegalStateException("handled above");
                    case WorkflowPhaseUpdated e -> {
                        r.phases = r.phases.stream().map(p -> !p.phaseId().equals(e.phaseId()) ? p
                                : new PhaseDefinition(p.phaseId(), p.name(), p.order(), e.prompt(), e.model(),
                                e.timeoutSeconds(), e.allowedTools())).toList();
                        r.updatedAt = e.at();
                    }
                    case WorkflowTemplateArchived e -> {
                        r.archived = true;
                        r.updatedAt = e.at();
                    }
                }
            }

            @Override
            public void flush() throws SQLException {
                workflows.flush();
            }
        };
    }
}
