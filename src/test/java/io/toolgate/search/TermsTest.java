package io.toolgate.search;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TermsTest {

    @Test
    void splitsNamesAndProseDropsStopWordsAndStems() {
        assertThat(Terms.of("get-issueComments_v2 by ID")).containsExactly("issu", "comment", "v2", "id");
        assertThat(Terms.of("parseHTMLDocument in.place")).containsExactly("pars", "html", "document", "plac");
        assertThat(Terms.words("The GitHub API")).containsExactly("the", "git", "hub", "api");
    }

    @Test
    void oneStemForTheFormsOfAWord() {
        assertThat(Terms.stem("create")).isEqualTo(Terms.stem("created")).isEqualTo(Terms.stem("creating"))
                .isEqualTo(Terms.stem("creates")).isEqualTo("creat");
        assertThat(Terms.stem("stopped")).isEqualTo(Terms.stem("stopping")).isEqualTo("stop");
        assertThat(Terms.stem("queries")).isEqualTo("query");
        assertThat(Terms.stem("boxes")).isEqualTo("box");
        assertThat(Terms.stem("status")).isEqualTo("status");
        assertThat(Terms.stem("address")).isEqualTo("address");
        assertThat(Terms.stem("need")).isEqualTo("need");
    }

    @Test
    void typingDistance() {
        assertThat(Terms.distance("contact", "contcat", 2)).isEqualTo(1);
        assertThat(Terms.distance("contact", "contat", 2)).isEqualTo(1);
        assertThat(Terms.distance("tiket", "ticket", 2)).isEqualTo(1);
        assertThat(Terms.distance("kubernets", "kubernetes", 2)).isEqualTo(1);
        assertThat(Terms.distance("contact", "kontakt", 2)).isEqualTo(2);
        assertThat(Terms.distance("contact", "weather", 2)).isEqualTo(3);
    }

    /** A word that counts how often its characters are read. */
    private static final class CountedWord implements CharSequence {
        private final String s;
        long reads;

        CountedWord(String s) {
            this.s = s;
        }

        @Override
        public int length() {
            return s.length();
        }

        @Override
        public char charAt(int index) {
            reads++;
            return s.charAt(index);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return s.subSequence(start, end);
        }

        @Override
        public String toString() {
            return s;
        }
    }

    /** Characters read to compare two words of {@code length} that differ in their last letter. */
    private static long distanceReads(int length) {
        CountedWord a = new CountedWord("a".repeat(length));
        CountedWord b = new CountedWord("a".repeat(length - 1) + "b");
        assertThat(Terms.distance(a, b, 2)).isEqualTo(1);
        return a.reads + b.reads;
    }

    @Test
    void typingDistanceWorkGrowsLinearlyWithTheWord() {
        long half = distanceReads(500);
        long full = distanceReads(1000);

        assertThat(full).as("characters read for 1000 letters vs %d for 500", half).isLessThan(half * 5 / 2);
    }
}
