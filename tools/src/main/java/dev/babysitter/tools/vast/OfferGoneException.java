package dev.babysitter.tools.vast;

/**
 * Create answered {@code no_such_ask}: someone else rented the offer between search and create.
 * Nothing was created, so trying the next offer is safe ({@link VastClient#createFirstAvailable}).
 */
public final class OfferGoneException extends VastException {
  private final long offerId;

  public OfferGoneException(long offerId, int status, String serverMessage) {
    super(Kind.OFFER_GONE, status, "offer " + offerId + " is gone (HTTP " + status + ": "
        + serverMessage + "); search again or try the next offer");
    this.offerId = offerId;
  }

  public long offerId() {
    return offerId;
  }
}
