package io.vigia.jobs.notify;

/** A destination of notifications. Sends one delivery and says what came of it; never throws for a send failure. */
interface Channel {
  /** webhook, slack or email (notification_deliveries.channel). */
  String name();

  Outcome send(Notification.Delivery d) throws InterruptedException;
}
