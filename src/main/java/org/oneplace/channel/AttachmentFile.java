package org.oneplace.channel;

/** A file that came with a customer's message, from the raw request it arrived in. */
public record AttachmentFile(String name, String contentType, byte[] bytes) {}
