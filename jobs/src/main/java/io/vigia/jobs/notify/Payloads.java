package io.vigia.jobs.notify;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigia.common.json.Json;
import java.time.ZoneOffset;
import java.util.Locale;

/**
 * The messages of a delivery: the webhook's JSON body (schema in docs/jobs/notify.md), Slack's Block Kit
 * message and the e-mail's subject and text. A delivery's body is the same on every attempt, so a
 * re-send is byte-identical and a receiver may de-duplicate on the key alone.
 */
final class Payloads {
  static final String SCHEMA = "vigia.notification/1";

  private Payloads() {}

  /** The webhook body: key, tenant_id, kind, severity, title, text, source, occurred_at, details. */
  static ObjectNode webhook(Notification.Delivery d) {
    ObjectNode o = Json.object()
        .put("schema", SCHEMA)
        .put("key", d.key())
        .put("tenant_id", d.tenantId())
        .put("kind", d.kind())
        .put("severity", d.severity())
        .put("title", title(d))
        .put("text", text(d));
    if (d.single() != null) {
      Notification n = d.single();
      o.putObject("source").put("table", n.sourceTable()).put("id", n.sourceId());
      o.put("occurred_at", n.occurredAt().toString());
      o.set("details", n.details() == null ? Json.object() : n.details());
    } else {
      Notification.Digest g = d.digest();
      o.putObject("source")
          .put("table", "notification_deliveries")
          .put("id", String.valueOf(d.id()));
      o.put(
          "occurred_at",
          g.day().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toString());
      ObjectNode det = o.putObject("details")
          .put("day", g.day().toString())
          .put("channel", d.channel())
          .put("count", g.total())
          .put("omitted", g.total() - g.items().size());
      ArrayNode items = det.putArray("items");
      for (Notification n : g.items()) {
        ObjectNode i = items
            .addObject()
            .put("key", n.key())
            .put("kind", n.kind())
            .put("severity", n.severity())
            .put("title", n.title())
            .put("occurred_at", n.occurredAt().toString());
        i.putObject("source").put("table", n.sourceTable()).put("id", n.sourceId());
      }
    }
    return o;
  }

  static String title(Notification.Delivery d) {
    if (d.single() != null) {
      return d.single().title();
    }
    Notification.Digest g = d.digest();
    return "vigia daily digest" + (d.tenantId().isEmpty() ? "" : " for " + d.tenantId()) + ", "
        + g.day() + ": " + g.total() + " notification" + (g.total() == 1 ? "" : "s");
  }

  static String text(Notification.Delivery d) {
    if (d.single() != null) {
      return d.single().text();
    }
    StringBuilder b = new StringBuilder();
    for (Notification n : d.digest().items()) {
      b.append("- [")
          .append(n.severity())
          .append("] ")
          .append(n.title())
          .append(" (")
          .append(n.kind())
          .append(", ")
          .append(n.occurredAt())
          .append(")\n");
    }
    int omitted = d.digest().total() - d.digest().items().size();
    if (omitted > 0) {
      b.append("... and ")
          .append(omitted)
          .append(" more (notification_deliveries.digest_id = ")
          .append(d.id())
          .append(")\n");
    }
    return b.toString().strip();
  }

  /** Slack Block Kit: a header, the text (mrkdwn, within Slack's 3000 characters) and a context line. */
  static ObjectNode slack(Notification.Delivery d) {
    String head = "[" + d.severity().toUpperCase(Locale.ROOT) + "] " + title(d);
    ObjectNode o = Json.object().put("text", mrkdwn(head, 3000));
    ArrayNode blocks = o.putArray("blocks");
    blocks
        .addObject()
        .put("type", "header")
        .putObject("text")
        .put("type", "plain_text")
        .put("text", cut(head, 150));
    String body = text(d);
    if (!body.isBlank()) {
      blocks
          .addObject()
          .put("type", "section")
          .putObject("text")
          .put("type", "mrkdwn")
          .put("text", mrkdwn(body, 3000));
    }
    String ctx = "kind `" + d.kind() + "`"
        + (d.tenantId().isEmpty() ? "" : " · tenant `" + d.tenantId() + "`")
        + (d.single() != null
            ? " · " + d.single().sourceTable() + " " + d.single().sourceId()
            : "")
        + " · key `" + d.key() + "`";
    blocks
        .addObject()
        .put("type", "context")
        .putArray("elements")
        .addObject()
        .put("type", "mrkdwn")
        .put("text", mrkdwn(ctx, 3000));
    return o;
  }

  static String emailSubject(Notification.Delivery d) {
    return cut("[vigia] " + d.severity().toUpperCase(Locale.ROOT) + ": " + title(d), 200);
  }

  static String emailText(Notification.Delivery d) {
    StringBuilder b = new StringBuilder(text(d)).append("\n\n");
    b.append("kind: ")
        .append(d.kind())
        .append('\n')
        .append("severity: ")
        .append(d.severity())
        .append('\n');
    if (!d.tenantId().isEmpty()) {
      b.append("tenant: ").append(d.tenantId()).append('\n');
    }
    if (d.single() != null) {
      b.append("source: ")
          .append(d.single().sourceTable())
          .append(' ')
          .append(d.single().sourceId())
          .append('\n')
          .append("occurred at: ")
          .append(d.single().occurredAt())
          .append('\n');
      if (d.single().details() != null && !d.single().details().isEmpty()) {
        b.append("details: ").append(Json.write(d.single().details())).append('\n');
      }
    }
    b.append("key: ").append(d.key()).append('\n');
    return b.toString();
  }

  /**
   * Text for a field Slack reads as mrkdwn (the message's fallback text, a section, a context): '&',
   * '<' and '>' escaped as Slack requires, so that no text of an alert (a title, a model or tenant
   * name) can mention {@code <!channel>} or make a link; cut to max characters without splitting an
   * escape. The header is plain_text, which Slack shows as written.
   */
  static String mrkdwn(String s, int max) {
    String escaped = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    String c = cut(escaped, max);
    if (c.length() < escaped.length() || !c.equals(escaped)) {
      String kept = c.substring(0, c.length() - 1);
      int amp = kept.lastIndexOf('&');
      if (amp >= 0 && kept.indexOf(';', amp) < 0) {
        c = kept.substring(0, amp) + "…";
      }
    }
    return c;
  }

  private static String cut(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }
}
