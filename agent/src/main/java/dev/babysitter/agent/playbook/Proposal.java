package dev.babysitter.agent.playbook;

import dev.babysitter.agent.guard.Action;

/** An action the playbook would like to take, and why, before the guard has its say. */
public record Proposal(Action action, String why) {}
