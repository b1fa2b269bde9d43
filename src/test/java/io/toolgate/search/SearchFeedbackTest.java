package io.toolgate.search;

import io.toolgate.store.Database;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class SearchFeedbackTest {

    final AtomicLong now = new AtomicLong(1_000);
    final SearchIndex index = new SearchIndex(ToolSearchTest.CRM.snapshot());

    float lift(SearchFeedback f, String query, float[] vector, String tool) {
        return f.lift(index, query, vector)[index.position(tool)];
    }

    @Test
    void anExecutionThatFollowsASearchListingTheToolIsLearned() {
        SearchFeedback f = new SearchFeedback(null, Runnable::run, now::get);
        f.searched("s1", "put my changes aside", null, List.of("git_stash", "logs_search"));
        f.executed("s1", "git_stash", null);
        assertThat(f.size()).isEqualTo(1);
        assertThat(lift(f, "put my changes aside", null, "git_stash")).isEqualTo(1);
        assertThat(lift(f, "Put the changes aside!", null, "git_stash")).as("same words").isEqualTo(1);
        assertThat(lift(f, "weather in Paris", null, "git_stash")).isZero();
        assertThat(lift(f, "put my changes aside", null, "logs_search")).isZero();
    }

    @Test
    void aSimilarQueryIsLiftedByItsVector() {
        SearchFeedback f = new SearchFeedback(null, Runnable::run, now::get);
        f.searched("s1", "put my changes aside", new float[]{1, 0, 0}, List.of("git_stash"));
        f.executed("s1", "git_stash", "m");
        assertThat(lift(f, "shelve my edits", new float[]{0.95f, 0.2f, 0}, "git_stash")).isGreaterThan(0.9f);
        assertThat(lift(f, "something else", new float[]{0.5f, 0.8f, 0}, "git_stash")).isZero();
    }

    @Test
    void nothingIsLearnedWithoutAMatchingSearchOfTheSameSessionInTime() {
        SearchFeedback f = new SearchFeedback(null, Runnable::run, now::get);
        f.searched("s1", "stash", null, List.of("git_stash"));
        f.executed("s2", "git_stash", null);
        f.executed("s1", "logs_search", null);
        f.executed(null, "git_stash", null);
        assertThat(f.size()).isZero();
        now.addAndGet(SearchFeedback.WINDOW_MILLIS + 1);
        f.executed("s1", "git_stash", null);
        assertThat(f.size()).isZero();
        f.searched(null, "stash", null, List.of("git_stash"));
        assertThat(f.size()).isZero();
    }

    @Test
    void oneSearchTeachesOnePair() {
        SearchFeedback f = new SearchFeedback(null, Runnable::run, now::get);
        f.searched("s1", "contacts", null, List.of("crm_contacts_search", "crm_contacts_create"));
        f.executed("s1", "crm_contacts_search", null);
        f.executed("s1", "crm_contacts_create", null);
        assertThat(f.size()).isEqualTo(1);
    }

    @Test
    void learnedPairsOutliveARestartAndStayBounded(@TempDir Path dir) throws Exception {
        try (Database db = Database.embedded(dir)) {
            FeedbackStore store = new FeedbackStore(db);
            SearchFeedback f = new SearchFeedback(store, Runnable::run, now::get);
            f.load("m");
            f.searched("s1", "put my changes aside", new float[]{1, 0}, List.of("git_stash"));
            f.executed("s1", "git_stash", "m");

            SearchFeedback restarted = new SearchFeedback(store, Runnable::run, now::get);
            restarted.load("m");
            assertThat(restarted.size()).isEqualTo(1);
            assertThat(lift(restarted, "shelve it", new float[]{1, 0.1f}, "git_stash")).isGreaterThan(0.9f);
            SearchFeedback otherModel = new SearchFeedback(store, Runnable::run, now::get);
            otherModel.load("another-model");
            assertThat(lift(otherModel, "shelve it", new float[]{1, 0.1f}, "git_stash")).as("vector of another model").isZero();

            for (int i = 0; i < 5; i++) {
                store.save(new SearchFeedback.Pair("query " + i, "git_stash", null), null, 3);
            }
            assertThat(store.all("m")).extracting(SearchFeedback.Pair::query).containsExactly("query 2", "query 3", "query 4");
        }
    }
}
