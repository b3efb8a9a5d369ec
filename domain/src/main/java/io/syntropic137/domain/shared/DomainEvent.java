package io.syntropic137.domain.shared;

/** Something that happened to one aggregate; immutable and never deleted. */
public interface DomainEvent {
}
