package io.toolgate.search;

import java.util.Arrays;
import java.util.List;

/**
 * The tools' embedding vectors as one contiguous matrix, unit length, for cosine similarity against a query vector.
 * A tool whose vector is not known yet has no row and scores {@link Float#NaN}. Immutable.
 */
public final class SemanticIndex {

    private final int size;
    private final int dimensions;
    /** {@code row[tool]} is the tool's row in {@code matrix}, or -1. */
    private final int[] row;
    private final float[] matrix;
    private final int known;

    /** {@code vectors.get(i)} is tool {@code i}'s vector, or {@code null} when it is not computed yet. */
    public SemanticIndex(List<float[]> vectors) {
        this.size = vectors.size();
        this.row = new int[size];
        int count = 0;
        int dims = 0;
        for (float[] v : vectors) {
            if (v != null) {
                count++;
                dims = v.length;
            }
        }
        this.dimensions = dims;
        this.known = count;
        this.matrix = new float[count * dims];
        int r = 0;
        for (int i = 0; i < size; i++) {
            float[] v = vectors.get(i);
            if (v == null || v.length != dims) {
                row[i] = -1;
                continue;
            }
            row[i] = r;
            float norm = norm(v);
            for (int k = 0; k < dims; k++) {
                matrix[r * dims + k] = v[k] / norm;
            }
            r++;
        }
    }



    /** How many tools have a vector. */
    public int known() {
        return known;
    }

    /** Cosine similarity of every tool to the query vector, {@link Float#NaN} where a tool has no vector. */
    public float[] score(float[] query) {
        float[] out = new float[size];
        if (query.length != dimensions) {
            Arrays.fill(out, Float.NaN);
            return out;
        }
        float norm = norm(query);
        for (int i = 0; i < size; i++) {
            int r = row[i];
            if (r < 0) {
                out[i] = Float.NaN;
                continue;
            }
            int base = r * dimensions;
            float dot = 0;
            for (int k = 0; k < dimensions; k++) {
                dot += matrix[base + k] * query[k];
            }
            out[i] = dot / norm;
        }
        return out;
    }

    private static float norm(float[] v) {
        double s = 0;
        for (float x : v) {
            s += x * x;
        }
        return s == 0 ? 1 : (float) Math.sqrt(s);
    }
}
