package io.syntropic137.domain.orchestration;

/** An input a workflow asks for when it is run; {@code defaultValue} may be null. */
public record InputDeclaration(String name, String description, boolean required, String defaultValue) {
}
