package dev.babysitter.tools.vast;

/**
 * What create returned: the new instance id ({@code new_contract}) and its restricted key.
 * {@code adopted} is true when the create reply was lost and the instance was found by its
 * label instead; then the instance key is unknown (null), but the container has it as
 * {@code CONTAINER_API_KEY}.
 */
public record CreateResult(long instanceId, long offerId, String instanceApiKey,
    boolean adopted) {

  @Override
  public String toString() {
    return "CreateResult[instanceId=" + instanceId + ", offerId=" + offerId + ", adopted="
        + adopted + "]";
  }
}
