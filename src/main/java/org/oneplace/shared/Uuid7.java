package org.oneplace.shared;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;
import java.util.UUID;

/**
 * Time-ordered ids (RFC 9562 version 7): every id Oneplace mints, so that rows sort by creation and an index on the
 * id stays append-mostly.
 */
public final class Uuid7 {

    private static final TimeBasedEpochGenerator GENERATOR = Generators.timeBasedEpochGenerator();

    private Uuid7() {}

    /** A new, unique, time-ordered id. */
    public static UUID next() {
        return GENERATOR.generate();
    }
}
