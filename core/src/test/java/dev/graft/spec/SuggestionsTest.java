package dev.graft.spec;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SuggestionsTest {
    private static final List<String> KEYS = List.of("lr", "weight_decay", "warmup_steps", "epochs", "steps",
            "validate_every", "checkpoint_every");

    @Test
    void close_typos_and_other_spellings_find_the_key() {
        assertEquals(Optional.of("epochs"), Suggestions.closest("epoch", KEYS));
        assertEquals(Optional.of("epochs"), Suggestions.closest("epcohs", KEYS), "a swap counts as one edit");
        assertEquals(Optional.of("weight_decay"), Suggestions.closest("weightDecay", KEYS));
        assertEquals(Optional.of("warmup_steps"), Suggestions.closest("warmup-steps", KEYS));
        assertEquals(Optional.of("lr"), Suggestions.closest("LR", KEYS));
    }

    @Test
    void unrelated_words_get_no_suggestion() {
        assertEquals(Optional.empty(), Suggestions.closest("experiment", KEYS));
        assertEquals(Optional.empty(), Suggestions.closest("x", KEYS));
    }

    @Test
    void edit_distance_counts_insertions_deletions_substitutions() {
        assertEquals(0, Suggestions.distance("abc", "abc"));
        assertEquals(1, Suggestions.distance("abc", "abd"));
        assertEquals(1, Suggestions.distance("abc", "ab"));
        assertEquals(3, Suggestions.distance("", "abc"));
        assertEquals(3, Suggestions.distance("kitten", "sitting"));
    }
}
