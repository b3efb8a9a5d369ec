package io.syntropic137.observability;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** USD per million tokens, one figure per billed kind. */
public record ModelPrice(BigDecimal input, BigDecimal output, BigDecimal cacheWrite, BigDecimal cacheRead) {
    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

    public BigDecimal cost(TokenCounts tokens) {
        BigDecimal micro = input.multiply(BigDecimal.valueOf(tokens.input()))
                .add(output.multiply(BigDecimal.valueOf(tokens.output())))
                .add(cacheWrite.multiply(BigDecimal.valueOf(tokens.cacheWrite())))
                .add(cacheRead.multiply(BigDecimal.valueOf(tokens.cacheRead())));
        return micro.divide(MILLION, 10, RoundingMode.HALF_EVEN).stripTrailingZeros();
    }
}
