package io.syntropic137.domain.organization;

public enum RepoProvider {
    GITHUB, GITLAB, BITBUCKET, OTHER
}
