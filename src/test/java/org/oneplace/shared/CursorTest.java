package org.oneplace.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CursorTest {

    @Test
    void aTokenGivesBackTheKeyItWasMadeOf() {
        UUID id = UUID.randomUUID();
        Instant at = Instant.parse("2026-12-05T10:15:30.123456Z");
        Cursor cursor = Cursor.parse(Cursor.of(at, id), 2);
        assertThat(cursor).isNotNull();
        assertThat(cursor.instant(0)).isEqualTo(at);
        assertThat(cursor.uuid(1)).isEqualTo(id);
        assertThat(Cursor.parse(Cursor.of(42), 1).number(0)).isEqualTo(42);
        assertThat(Cursor.parse(null, 2)).isNull();
    }

    @Test
    void theLastValueMayHoldAnything() {
        String name = "Mug \u001f | _ ✓";
        Cursor cursor = Cursor.parse(Cursor.of(UUID.randomUUID(), name), 2);
        assertThat(cursor.text(1)).isEqualTo(name);
    }

    @Test
    void everyTokenItDidNotGiveOutIsTheSameInvalidValue() {
        for (String token : new String[] {"not base64!", Cursor.of("a"), Cursor.of("x", "y"), "%%%"}) {
            assertThatThrownBy(() -> {
                        Cursor cursor = Cursor.parse(token, 2);
                        cursor.instant(0);
                        cursor.uuid(1);
                    })
                    .isInstanceOf(InvalidValueException.class)
                    .hasMessageContaining("is not a cursor this list gave out");
        }
        assertThatThrownBy(() -> Cursor.parse(Cursor.of(-5), 1).number(0)).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> Cursor.parse(Cursor.of("many"), 1).number(0))
                .isInstanceOf(InvalidValueException.class);
    }
}
