package org.oneplace.shared;

import org.jspecify.annotations.Nullable;

/**
 * A value a client gave is not a value of its type: an e-mail that is no address, an unknown channel code, an amount
 * out of range, a cursor this API never gave out. Value types throw it and it is answered 400 with the message as
 * the problem's detail. Any other {@link IllegalArgumentException} that reaches a request's end is a bug and answers
 * 500 with a reference — so a message meant for a developer never reaches a client as if it were about their input.
 */
public class InvalidValueException extends IllegalArgumentException {

    private final @Nullable String field;

    /** @param message what is wrong with the value and what to send instead, for the client to read */
    public InvalidValueException(String message) {
        this(null, message);
    }

    /** @param cause why the value could not be read, for the log; the message is what the client reads */
    public InvalidValueException(String message, Throwable cause) {
        super(message, cause);
        this.field = null;
    }

    /** @param field the name of the field or parameter at fault, when the value type knows it */
    public InvalidValueException(@Nullable String field, String message) {
        super(message);
        this.field = field;
    }

    public @Nullable String field() {
        return field;
    }
}
