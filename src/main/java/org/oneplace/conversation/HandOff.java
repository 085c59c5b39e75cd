package org.oneplace.conversation;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** A bot handing the conversation to a person, with what the person needs to know. */
public record HandOff(@NotBlank @Size(max = 2000) String summary) {}
