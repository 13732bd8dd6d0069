package dev.babysitter.tools.provider;

/** What the provider says about an instance, independent of the training inside it. */
public enum InstanceState {
  LOADING, RUNNING, EXITED, OFFLINE, GONE;

  public boolean alive() {
    return this == LOADING || this == RUNNING;
  }
}
