package io.syntropic137.domain.organization;

import io.syntropic137.domain.organization.OrganizationCommand.CreateOrganization;
import io.syntropic137.domain.organization.OrganizationCommand.DeleteOrganization;
import io.syntropic137.domain.organization.OrganizationCommand.UpdateOrganization;
import io.syntropic137.domain.organization.OrganizationEvent.OrganizationCreated;
import io.syntropic137.domain.organization.OrganizationEvent.OrganizationDeleted;
import io.syntropic137.domain.organization.OrganizationEvent.OrganizationUpdated;
import io.syntropic137.domain.organization.RepoCommand.DeregisterRepo;
import io.syntropic137.domain.organization.RepoCommand.RegisterRepo;
import io.syntropic137.domain.organization.RepoCommand.UpdateRepo;
import io.syntropic137.domain.organization.RepoEvent.RepoDeregistered;
import io.syntropic137.domain.organization.RepoEvent.RepoRegistered;
import io.syntropic137.domain.organization.RepoEvent.RepoUpdated;
import io.syntropic137.domain.organization.SystemCommand.AssignRepoToSystem;
import io.syntropic137.domain.organization.SystemCommand.CreateSystem;
import io.syntropic137.domain.organization.SystemCommand.DeleteSystem;
import io.syntropic137.domain.organization.SystemCommand.UnassignRepoFromSystem;
import io.syntropic137.domain.organization.SystemCommand.UpdateSystem;
import io.syntropic137.domain.organization.SystemEvent.RepoAssignedToSystem;
import io.syntropic137.domain.organization.SystemEvent.RepoUnassignedFromSystem;
import io.syntropic137.domain.organization.SystemEvent.SystemCreated;
import io.syntropic137.domain.organization.SystemEvent.SystemDeleted;
import io.syntropic137.domain.organization.SystemEvent.SystemUpdated;
import io.syntropic137.domain.shared.Rejection;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static io.syntropic137.domain.testing.Scenario.given;
import static org.assertj.core.api.Assertions.assertThat;

class OrganizationContextTest {
    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void organization() {
        var created = new OrganizationCreated("acme", "Acme", T);
        given(Organization.TYPE).when(new CreateOrganization("acme", " Acme ", T)).then(created);
        given(Organization.TYPE, created).when(new CreateOrganization("acme", "Acme", T)).thenRejected(Rejection.AlreadyExists.class);
        given(Organization.TYPE).when(new CreateOrganization("acme", "", T)).thenInvalid("name");
        given(Organization.TYPE).when(new CreateOrganization("a b", "Acme", T)).thenInvalid("organizationId");
        given(Organization.TYPE, created).when(new UpdateOrganization("acme", "Acme Inc", T)).then(new OrganizationUpdated("acme", "Acme Inc", T));
        given(Organization.TYPE, created).when(new UpdateOrganization("acme", "Acme", T)).thenViolates("nothing-to-change");
        given(Organization.TYPE, created).when(new UpdateOrganization("acme", " ", T)).thenInvalid("name");
        given(Organization.TYPE, created).when(new DeleteOrganization("acme", T)).then(new OrganizationDeleted("acme", T));
        given(Organization.TYPE, created, new OrganizationDeleted("acme", T)).when(new DeleteOrganization("acme", T))
                .thenRejected(Rejection.IllegalTransition.class);
        given(Organization.TYPE).when(new UpdateOrganization("acme", "x", T)).thenRejected(Rejection.NotFound.class);
    }

    @Test
    void system() {
        var created = new SystemCreated("sys", "acme", "Payments", "", T);
        var assigned = new RepoAssignedToSystem("sys", "acme/acme/api", T);
        given(RepoSystem.TYPE).when(new CreateSystem("sys", "acme", "Payments", null, T)).then(created);
        given(RepoSystem.TYPE, created).when(new CreateSystem("sys", "acme", "Payments", null, T)).thenRejected(Rejection.AlreadyExists.class);
        given(RepoSystem.TYPE).when(new CreateSystem("sys", "", "Payments", null, T)).thenInvalid("organizationId");
        given(RepoSystem.TYPE).when(new CreateSystem("sys", "acme", " ", null, T)).thenInvalid("name");
        given(RepoSystem.TYPE, created).when(new UpdateSystem("sys", null, "money flows", T))
                .then(new SystemUpdated("sys", "Payments", "money flows", T));
        given(RepoSystem.TYPE, created).when(new UpdateSystem("sys", "Payments", null, T)).thenViolates("nothing-to-change");
        given(RepoSystem.TYPE, created).when(new UpdateSystem("sys", " ", null, T)).thenInvalid("name");
        given(RepoSystem.TYPE, created).when(new AssignRepoToSystem("sys", "acme/acme/api", T)).then(assigned)
                .thenState(s -> assertThat(s.repoIds()).containsExactly("acme/acme/api"));
        given(RepoSystem.TYPE, created, assigned).when(new AssignRepoToSystem("sys", "acme/acme/api", T)).thenViolates("repo-already-assigned");
        given(RepoSystem.TYPE, created).when(new AssignRepoToSystem("sys", "", T)).thenInvalid("repoId");
        given(RepoSystem.TYPE, created, assigned).when(new UnassignRepoFromSystem("sys", "acme/acme/api", T))
                .then(new RepoUnassignedFromSystem("sys", "acme/acme/api", T)).thenState(s -> assertThat(s.repoIds()).isEmpty());
        given(RepoSystem.TYPE, created).when(new UnassignRepoFromSystem("sys", "acme/acme/api", T)).thenViolates("repo-not-assigned");
        given(RepoSystem.TYPE, created).when(new DeleteSystem("sys", T)).then(new SystemDeleted("sys", T));
        given(RepoSystem.TYPE, created, new SystemDeleted("sys", T)).when(new AssignRepoToSystem("sys", "r", T))
                .thenRejected(Rejection.IllegalTransition.class);
        given(RepoSystem.TYPE).when(new DeleteSystem("sys", T)).thenRejected(Rejection.NotFound.class);
    }

    @Test
    void repoIdsAreCaseInsensitivePerOrganization() {
        assertThat(Repo.idFor("acme", "Acme/API")).isEqualTo(Repo.idFor("acme", "acme/api")).isEqualTo("acme/acme/api");
        assertThat(Repo.idFor("other", "acme/api")).isNotEqualTo(Repo.idFor("acme", "acme/api"));
    }

    @Test
    void repo() {
        var register = new RegisterRepo("acme", RepoProvider.GITHUB, "Acme/API", "main", "inst-1", true, T);
        var registered = new RepoRegistered("acme/acme/api", "acme", RepoProvider.GITHUB, "Acme/API", "main", "inst-1", true, T);
        var deregistered = new RepoDeregistered("acme/acme/api", T);
        given(Repo.TYPE).when(register).then(registered);
        given(Repo.TYPE, registered).when(new RegisterRepo("acme", RepoProvider.GITHUB, "acme/api", "dev", null, false, T))
                .thenRejected(Rejection.AlreadyExists.class);
        given(Repo.TYPE, registered, deregistered).when(register).then(registered);
        given(Repo.TYPE).when(new RegisterRepo("acme", RepoProvider.GITHUB, "no-slash", "main", null, false, T)).thenInvalid("fullName");
        given(Repo.TYPE).when(new RegisterRepo("acme", null, "a/b", "main", null, false, T)).thenInvalid("provider");
        given(Repo.TYPE).when(new RegisterRepo("acme", RepoProvider.GITHUB, "a/b", " ", null, false, T)).thenInvalid("defaultBranch");
        given(Repo.TYPE, registered).when(new UpdateRepo("acme/acme/api", "trunk", null, null, T))
                .then(new RepoUpdated("acme/acme/api", "trunk", "inst-1", true, T));
        given(Repo.TYPE, registered).when(new UpdateRepo("acme/acme/api", "main", null, true, T)).thenViolates("nothing-to-change");
        given(Repo.TYPE, registered).when(new UpdateRepo("acme/acme/api", " ", null, null, T)).thenInvalid("defaultBranch");
        given(Repo.TYPE, registered).when(new UpdateRepo("acme/acme/api", null, "bad id", null, T)).thenInvalid("installationId");
        given(Repo.TYPE, registered).when(new DeregisterRepo("acme/acme/api", T)).then(deregistered);
        given(Repo.TYPE, registered, deregistered).when(new DeregisterRepo("acme/acme/api", T)).thenRejected(Rejection.IllegalTransition.class);
        given(Repo.TYPE).when(new DeregisterRepo("acme/x/y", T)).thenRejected(Rejection.NotFound.class);
    }
}
