package org.vdi.console.bench;

import java.util.Arrays;

/** Nearest-rank percentiles of a sample, as benchmark reports usually give them. */
final class Percentiles {

    private Percentiles() {
    }

    /**
     * @param p between 0 (exclusive) and 100
     * @return the smallest value with at least p percent of the sample at or below it
     */
    static double of(double[] sample, double p) {
        if (sample.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        if (!(p > 0 && p <= 100)) {
            throw new IllegalArgumentException("percentile out of range: " + p);
        }
        double[] s = sample.clone();
        Arrays.sort(s);
        int rank = (int) Math.ceil(p / 100.0 * s.length);
        return s[Math.max(1, rank) - 1];
    }
}
