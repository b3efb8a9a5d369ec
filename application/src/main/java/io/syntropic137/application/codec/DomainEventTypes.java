package io.syntropic137.application.codec;

import io.syntropic137.domain.artifacts.ArtifactEvent;
import io.syntropic137.domain.github.InstallationEvent;
import io.syntropic137.domain.github.TriggerEvent;
import io.syntropic137.domain.orchestration.ExecutionEvent;
import io.syntropic137.domain.orchestration.TemplateEvent;
import io.syntropic137.domain.orchestration.WorkspaceEvent;
import io.syntropic137.domain.organization.OrganizationEvent;
import io.syntropic137.domain.organization.RepoEvent;
import io.syntropic137.domain.organization.SystemEvent;
import io.syntropic137.domain.sessions.SessionEvent;

/**
 * The stored names of all domain events. Adding an event means adding a line here; a test fails when an
 * event class of the domain is missing. Changing an event's JSON shape means raising its version and
 * registering an upcaster in the event store.
 */
public final class DomainEventTypes {

    public static EventTypeRegistry registry() {
        return EventTypeRegistry.builder()
                // orchestration: workflow templates
                .add(TemplateEvent.WorkflowTemplateCreated.class, "WorkflowTemplateCreated", 1)
                .add(TemplateEvent.WorkflowPhaseUpdated.class, "WorkflowPhaseUpdated", 1)
                .add(TemplateEvent.WorkflowTemplateArchived.class, "WorkflowTemplateArchived", 1)
                // orchestration: executions
                .add(ExecutionEvent.ExecutionQueued.class, "ExecutionQueued", 1)
                .add(ExecutionEvent.ExecutionStarted.class, "ExecutionStarted", 1)
                .add(ExecutionEvent.PhaseStarted.class, "PhaseStarted", 1)
                .add(ExecutionEvent.WorkspaceProvisionedForPhase.class, "WorkspaceProvisionedForPhase", 1)
                .add(ExecutionEvent.AgentExecutionCompleted.class, "AgentExecutionCompleted", 1)
                .add(ExecutionEvent.ArtifactsCollectedForPhase.class, "ArtifactsCollectedForPhase", 1)
                .add(ExecutionEvent.PhaseCompleted.class, "PhaseCompleted", 1)
                .add(ExecutionEvent.PhaseAttemptFailed.class, "PhaseAttemptFailed", 1)
                .add(ExecutionEvent.ApprovalRequested.class, "ApprovalRequested", 1)
                .add(ExecutionEvent.PhaseApproved.class, "PhaseApproved", 1)
                .add(ExecutionEvent.PhaseRejected.class, "PhaseRejected", 1)
                .add(ExecutionEvent.NextPhaseReady.class, "NextPhaseReady", 1)
                .add(ExecutionEvent.ExecutionCompleted.class, "ExecutionCompleted", 1)
                .add(ExecutionEvent.ExecutionFailed.class, "ExecutionFailed", 1)
                .add(ExecutionEvent.ExecutionPauseRequested.class, "ExecutionPauseRequested", 1)
                .add(ExecutionEvent.ExecutionPaused.class, "ExecutionPaused", 1)
                .add(ExecutionEvent.ExecutionResumed.class, "ExecutionResumed", 1)
                .add(ExecutionEvent.ExecutionCancelled.class, "ExecutionCancelled", 1)
                .add(ExecutionEvent.ExecutionInterrupted.class, "ExecutionInterrupted", 1)
                .add(ExecutionEvent.ExecutionRetried.class, "ExecutionRetried", 1)
                // orchestration: workspaces
                .add(WorkspaceEvent.WorkspaceCreated.class, "WorkspaceCreated", 1)
                .add(WorkspaceEvent.SecretsInjected.class, "SecretsInjected", 1)
                .add(WorkspaceEvent.SecretsCleared.class, "SecretsCleared", 1)
                .add(WorkspaceEvent.CommandExecuted.class, "CommandExecuted", 1)
                .add(WorkspaceEvent.CommandFailed.class, "CommandFailed", 1)
                .add(WorkspaceEvent.WorkspaceDestroyed.class, "WorkspaceDestroyed", 1)
                .add(WorkspaceEvent.WorkspaceError.class, "WorkspaceError", 1)
                // organization
                .add(OrganizationEvent.OrganizationCreated.class, "OrganizationCreated", 1)
                .add(OrganizationEvent.OrganizationUpdated.class, "OrganizationUpdated", 1)
                .add(OrganizationEvent.OrganizationDeleted.class, "OrganizationDeleted", 1)
                .add(SystemEvent.SystemCreated.class, "SystemCreated", 1)
                .add(SystemEvent.SystemUpdated.class, "SystemUpdated", 1)
                .add(SystemEvent.SystemDeleted.class, "SystemDeleted", 1)
                .add(SystemEvent.RepoAssignedToSystem.class, "RepoAssignedToSystem", 1)
                .add(SystemEvent.RepoUnassignedFromSystem.class, "RepoUnassignedFromSystem", 1)
                .add(RepoEvent.RepoRegistered.class, "RepoRegistered", 1)
                .add(RepoEvent.RepoUpdated.class, "RepoUpdated", 1)
                .add(RepoEvent.RepoDeregistered.class, "RepoDeregistered", 1)
                // agent sessions
                .add(SessionEvent.SessionStarted.class, "SessionStarted", 1)
                .add(SessionEvent.OperationRecorded.class, "OperationRecorded", 1)
                .add(SessionEvent.SessionCompleted.class, "SessionCompleted", 1)
                // github
                .add(InstallationEvent.InstallationCreated.class, "InstallationCreated", 1)
                .add(InstallationEvent.InstallationSuspended.class, "InstallationSuspended", 1)
                .add(InstallationEvent.InstallationUnsuspended.class, "InstallationUnsuspended", 1)
                .add(InstallationEvent.InstallationRevoked.class, "InstallationRevoked", 1)
                .add(InstallationEvent.InstallationReposChanged.class, "InstallationReposChanged", 1)
                .add(TriggerEvent.TriggerRegistered.class, "TriggerRegistered", 1)
                .add(TriggerEvent.TriggerUpdated.class, "TriggerUpdated", 1)
                .add(TriggerEvent.TriggerPaused.class, "TriggerPaused", 1)
                .add(TriggerEvent.TriggerResumed.class, "TriggerResumed", 1)
                .add(TriggerEvent.TriggerDeleted.class, "TriggerDeleted", 1)
                .add(TriggerEvent.TriggerFired.class, "TriggerFired", 1)
                .add(TriggerEvent.TriggerBlocked.class, "TriggerBlocked", 1)
                // artifacts
                .add(ArtifactEvent.ArtifactCreated.class, "ArtifactCreated", 1)
                .add(ArtifactEvent.ArtifactMetadataUpdated.class, "ArtifactMetadataUpdated", 1)
                .add(ArtifactEvent.ArtifactDeleted.class, "ArtifactDeleted", 1)
                .build();
    }

    private DomainEventTypes() {
    }
}
