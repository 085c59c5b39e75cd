package org.oneplace.staff;

/** A new API token with its secret value, which is shown this once: only its hash is stored. */
public record CreatedApiToken(ApiTokenView token, String secret) {}
