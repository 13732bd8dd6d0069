package dev.babysitter.tools.vast;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The account from {@code GET /api/v0/users/current/}. The reply also carries {@code api_key};
 * it is deliberately not mapped, so it cannot end up in a log. {@code credit} is the spendable
 * balance (Vast's own cost command reports it as such).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record VastUser(long id, String email, String username, Double credit, Double balance) {}
