package io.syntropic137.domain.github;

import io.syntropic137.domain.github.InstallationCommand.ChangeInstallationRepos;
import io.syntropic137.domain.github.InstallationCommand.RecordInstallation;
import io.syntropic137.domain.github.InstallationCommand.RevokeInstallation;
import io.syntropic137.domain.github.InstallationCommand.SuspendInstallation;
import io.syntropic137.domain.github.InstallationCommand.UnsuspendInstallation;
import io.syntropic137.domain.github.InstallationEvent.InstallationCreated;
import io.syntropic137.domain.github.InstallationEvent.InstallationReposChanged;
import io.syntropic137.domain.github.InstallationEvent.InstallationRevoked;
import io.syntropic137.domain.github.InstallationEvent.InstallationSuspended;
import io.syntropic137.domain.github.InstallationEvent.InstallationUnsuspended;
import io.syntropic137.domain.github.TriggerCommand.DeleteTrigger;
import io.syntropic137.domain.github.TriggerCommand.PauseTrigger;
import io.syntropic137.domain.github.TriggerCommand.RecordTriggerBlocked;
import io.syntropic137.domain.github.TriggerCommand.RecordTriggerFired;
import io.syntropic137.domain.github.TriggerCommand.RegisterTrigger;
import io.syntropic137.domain.github.TriggerCommand.ResumeTrigger;
import io.syntropic137.domain.github.TriggerCommand.UpdateTrigger;
import io.syntropic137.domain.github.TriggerEvent.TriggerBlocked;
import io.syntropic137.domain.github.TriggerEvent.TriggerDeleted;
import io.syntropic137.domain.github.TriggerEvent.TriggerFired;
import io.syntropic137.domain.github.TriggerEvent.TriggerPaused;
import io.syntropic137.domain.github.TriggerEvent.TriggerRegistered;
import io.syntropic137.domain.github.TriggerEvent.TriggerResumed;
import io.syntropic137.domain.github.TriggerEvent.TriggerUpdated;
import io.syntropic137.domain.shared.Rejection;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.syntropic137.domain.github.ConditionOperator.EQ;
import static io.syntropic137.domain.github.ConditionOperator.IN;
import static io.syntropic137.domain.github.ConditionOperator.IS_EMPTY;
import static io.syntropic137.domain.testing.Scenario.given;
import static org.assertj.core.api.Assertions.assertThat;

class GithubContextTest {
    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void installation() {
        var created = new InstallationCreated("inst", "acme", List.of("acme/api"), T);
        var suspended = new InstallationSuspended("inst", T);
        given(Installation.TYPE).when(new RecordInstallation("inst", "acme", List.of("acme/api"), T)).then(created);
        given(Installation.TYPE, created).when(new RecordInstallation("inst", "acme", List.of(), T)).thenRejected(Rejection.AlreadyExists.class);
        given(Installation.TYPE).when(new RecordInstallation("inst", " ", List.of(), T)).thenInvalid("account");
        given(Installation.TYPE).when(new RecordInstallation("inst", "a", List.of("x/y", "x/y"), T)).thenInvalid("repos");
        given(Installation.TYPE, created).when(new SuspendInstallation("inst", T)).then(suspended);
        given(Installation.TYPE, created, suspended).when(new SuspendInstallation("inst", T)).thenRejected(Rejection.IllegalTransition.class);
        given(Installation.TYPE, created, suspended).when(new UnsuspendInstallation("inst", T)).then(new InstallationUnsuspended("inst", T));
        given(Installation.TYPE, created).when(new UnsuspendInstallation("inst", T)).thenRejected(Rejection.IllegalTransition.class);
        given(Installation.TYPE, created).when(new ChangeInstallationRepos("inst", List.of("acme/web"), List.of("acme/api"), T))
                .then(new InstallationReposChanged("inst", List.of("acme/web"), List.of("acme/api"), T))
                .thenState(s -> assertThat(s.repos()).containsExactly("acme/web"));
        given(Installation.TYPE, created).when(new ChangeInstallationRepos("inst", List.of("acme/api"), null, T)).thenViolates("repo-already-granted");
        given(Installation.TYPE, created).when(new ChangeInstallationRepos("inst", null, List.of("acme/web"), T)).thenViolates("repo-not-granted");
        given(Installation.TYPE, created).when(new ChangeInstallationRepos("inst", null, null, T)).thenInvalid("added/removed");
        given(Installation.TYPE, created).when(new RevokeInstallation("inst", T)).then(new InstallationRevoked("inst", T));
        given(Installation.TYPE, created, new InstallationRevoked("inst", T)).when(new UnsuspendInstallation("inst", T))
                .thenRejected(Rejection.IllegalTransition.class);
        given(Installation.TYPE).when(new SuspendInstallation("inst", T)).thenRejected(Rejection.NotFound.class);
    }

    private static RegisterTrigger register(List<TriggerCondition> conditions, Map<String, String> mapping, SafetyConfig safety) {
        return new RegisterTrigger("trg", "fix ci", "check_run.completed", "acme/api", "wf-fix", conditions, mapping, safety, T);
    }

    private static final TriggerRegistered REGISTERED = new TriggerRegistered("trg", "fix ci", "check_run.completed", "acme/api",
            "wf-fix", TriggerPreset.SELF_HEALING_CI.conditions(), TriggerPreset.SELF_HEALING_CI.inputMapping(), SafetyConfig.DEFAULTS, T);

    @Test
    void registerTrigger() {
        given(TriggerRule.TYPE).when(register(TriggerPreset.SELF_HEALING_CI.conditions(), TriggerPreset.SELF_HEALING_CI.inputMapping(), null))
                .then(REGISTERED).thenState(s -> assertThat(s.status()).isEqualTo(TriggerStatus.ACTIVE));
        given(TriggerRule.TYPE, REGISTERED).when(register(List.of(), Map.of(), null)).thenRejected(Rejection.AlreadyExists.class);
        given(TriggerRule.TYPE).when(new RegisterTrigger("trg", "n", "check_run", "acme/api", "wf", null, null, null, T)).thenInvalid("event");
        given(TriggerRule.TYPE).when(new RegisterTrigger("trg", "n", "push.created", "acme", "wf", null, null, null, T)).thenInvalid("repository");
        given(TriggerRule.TYPE).when(register(List.of(TriggerCondition.of("a..b", EQ, "x")), Map.of(), null)).thenInvalid("conditions[0].field");
        given(TriggerRule.TYPE).when(register(List.of(TriggerCondition.of("a", EQ)), Map.of(), null)).thenInvalid("conditions[0].values");
        given(TriggerRule.TYPE).when(register(List.of(TriggerCondition.of("a", IS_EMPTY, "x")), Map.of(), null)).thenInvalid("conditions[0].values");
        given(TriggerRule.TYPE).when(register(List.of(new TriggerCondition("a", null, List.of())), Map.of(), null)).thenInvalid("conditions[0].operator");
        given(TriggerRule.TYPE).when(register(List.of(), Map.of("pr", "not a path"), null)).thenInvalid("inputMapping.pr");
        given(TriggerRule.TYPE).when(register(List.of(), Map.of(), new SafetyConfig(0, 20, 300, 0))).thenInvalid("safety.maxAttemptsPerPr");
        given(TriggerRule.TYPE).when(register(List.of(), Map.of(), new SafetyConfig(3, 20, -1, 0))).thenInvalid("safety.cooldownSeconds");
    }

    @Test
    void everyPresetIsAValidRegistration() {
        for (TriggerPreset preset : TriggerPreset.values()) {
            given(TriggerRule.TYPE).when(preset.register("trg-" + preset, preset.name(), "acme/api", "wf", T))
                    .thenState(s -> {
                        assertThat(s.event()).isEqualTo(preset.event());
                        assertThat(s.safety()).isEqualTo(new SafetyConfig(3, 20, 300, 0));
                    });
        }
        assertThat(TriggerPreset.COMMENT_COMMAND.conditions()).extracting(TriggerCondition::values).contains(List.of("/syn"));
    }

    @Test
    void updateTrigger() {
        var conditions = List.of(TriggerCondition.of("check_run.name", IN, "lint", "test"));
        given(TriggerRule.TYPE, REGISTERED).when(new UpdateTrigger("trg", null, null, conditions, null, null, T))
                .then(new TriggerUpdated("trg", "fix ci", "wf-fix", conditions, REGISTERED.inputMapping(), SafetyConfig.DEFAULTS, T));
        given(TriggerRule.TYPE, REGISTERED).when(new UpdateTrigger("trg", "fix ci", null, null, null, SafetyConfig.DEFAULTS, T))
                .thenViolates("nothing-to-change");
        given(TriggerRule.TYPE, REGISTERED).when(new UpdateTrigger("trg", " ", null, null, null, null, T)).thenInvalid("name");
        given(TriggerRule.TYPE, REGISTERED).when(new UpdateTrigger("trg", null, null, null, null, new SafetyConfig(1, 0, 0, 0), T))
                .thenInvalid("safety.dailyLimit");
        given(TriggerRule.TYPE, REGISTERED, new TriggerDeleted("trg", T)).when(new UpdateTrigger("trg", "x", null, null, null, null, T))
                .thenRejected(Rejection.IllegalTransition.class);
        given(TriggerRule.TYPE).when(new UpdateTrigger("trg", "x", null, null, null, null, T)).thenRejected(Rejection.NotFound.class);
    }

    @Test
    void pauseResumeDelete() {
        var paused = new TriggerPaused("trg", "noisy", T);
        given(TriggerRule.TYPE, REGISTERED).when(new PauseTrigger("trg", "noisy", T)).then(paused);
        given(TriggerRule.TYPE, REGISTERED, paused).when(new PauseTrigger("trg", "again", T)).thenRejected(Rejection.IllegalTransition.class);
        given(TriggerRule.TYPE, REGISTERED, paused).when(new ResumeTrigger("trg", T)).then(new TriggerResumed("trg", T));
        given(TriggerRule.TYPE, REGISTERED).when(new ResumeTrigger("trg", T)).thenRejected(Rejection.IllegalTransition.class);
        given(TriggerRule.TYPE, REGISTERED).when(new DeleteTrigger("trg", T)).then(new TriggerDeleted("trg", T));
        given(TriggerRule.TYPE, REGISTERED, new TriggerDeleted("trg", T)).when(new DeleteTrigger("trg", T)).thenRejected(Rejection.IllegalTransition.class);
        given(TriggerRule.TYPE).when(new PauseTrigger("trg", "x", T)).thenRejected(Rejection.NotFound.class);
    }

    @Test
    void firedAndBlocked() {
        var fired = new TriggerFired("trg", "d-1", "ex-1", 42, 1, T);
        given(TriggerRule.TYPE, REGISTERED).when(new RecordTriggerFired("trg", "d-1", "ex-1", 42, T)).then(fired);
        var afterCooldown = T.plusSeconds(SafetyConfig.DEFAULTS.cooldownSeconds());
        given(TriggerRule.TYPE, REGISTERED, fired).when(new RecordTriggerFired("trg", "d-2", "ex-2", 42, afterCooldown))
                .then(new TriggerFired("trg", "d-2", "ex-2", 42, 2, afterCooldown)).thenState(s -> assertThat(s.fireCount()).isEqualTo(2));
        given(TriggerRule.TYPE, REGISTERED).when(new RecordTriggerFired("trg", " ", "ex-1", null, T)).thenInvalid("deliveryId");
        given(TriggerRule.TYPE, REGISTERED).when(new RecordTriggerFired("trg", "d", "", null, T)).thenInvalid("executionId");
        given(TriggerRule.TYPE, REGISTERED, new TriggerPaused("trg", "x", T)).when(new RecordTriggerFired("trg", "d", "ex", null, T))
                .thenRejected(Rejection.IllegalTransition.class);
        given(TriggerRule.TYPE, REGISTERED).when(new RecordTriggerBlocked("trg", "d-3", "cooldown", "fired 20s ago", 42, T))
                .then(new TriggerBlocked("trg", "d-3", "cooldown", "fired 20s ago", 42, T))
                .thenState(s -> assertThat(s.blockCount()).isEqualTo(1));
        given(TriggerRule.TYPE, REGISTERED).when(new RecordTriggerBlocked("trg", "d-3", " ", "r", null, T)).thenInvalid("guard");
        given(TriggerRule.TYPE, REGISTERED, new TriggerPaused("trg", "x", T)).when(new RecordTriggerBlocked("trg", "d", "g", "r", null, T))
                .thenRejected(Rejection.IllegalTransition.class);
        given(TriggerRule.TYPE).when(new RecordTriggerBlocked("trg", "d", "g", "r", null, T)).thenRejected(Rejection.NotFound.class);
    }
}
