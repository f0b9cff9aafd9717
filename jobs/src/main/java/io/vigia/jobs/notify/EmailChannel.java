package io.vigia.jobs.notify;

import io.vigia.common.settings.NotifySettings;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;

/**
 * E-mail over SMTP with Eclipse Angus Mail (Jakarta Mail): STARTTLS required (or implicit TLS, or none
 * for a local relay), authentication when a user is set, timeouts on connect, read and write. The
 * message carries X-Vigia-Delivery: KEY and a Message-ID derived from the key, so a re-send is
 * recognisable as the same message. SMTP 5xx replies and failed authentication are permanent; 4xx
 * replies, timeouts and connection errors are retried.
 */
final class EmailChannel implements Channel {
  private final NotifySettings s;
  private final Session session;
  private final String protocol;

  EmailChannel(NotifySettings s) {
    this.s = s;
    this.protocol = s.smtpSecurity().equals("tls") ? "smtps" : "smtp";
    String p = "mail." + protocol + ".";
    Properties props = new Properties();
    props.put("mail.transport.protocol", protocol);
    props.put(p + "host", s.smtpHost());
    props.put(p + "port", String.valueOf(s.smtpPort()));
    props.put(p + "connectiontimeout", String.valueOf(s.connectTimeoutMs()));
    props.put(p + "timeout", String.valueOf(s.requestTimeoutMs()));
    props.put(p + "writetimeout", String.valueOf(s.requestTimeoutMs()));
    props.put(p + "auth", String.valueOf(!s.smtpUser().isEmpty()));
    if (s.smtpSecurity().equals("starttls") || s.smtpSecurity().equals("auto")) {
      props.put(p + "starttls.enable", "true");
      // auto: required beyond this machine; to a relay on loopback, used when the relay offers it
      props.put(p + "starttls.required", String.valueOf(startTlsRequired(s)));
    }
    if (!s.smtpSecurity().equals("none")) {
      props.put(p + "ssl.checkserveridentity", "true");
      if (!s.smtpSslTrust().isBlank()) {
        props.put(p + "ssl.trust", s.smtpSslTrust().strip());
      }
    }
    this.session = Session.getInstance(props);
  }

  /**
   * Whether STARTTLS is required: always with security starttls; with auto (the default) unless the host
   * is a loopback address (a relay on this machine: the mail crosses no network before it).
   */
  static boolean startTlsRequired(NotifySettings s) {
    return s.smtpSecurity().equals("starttls")
        || (s.smtpSecurity().equals("auto") && !loopback(s.smtpHost()));
  }

  static boolean loopback(String host) {
    String h = host.strip().toLowerCase(java.util.Locale.ROOT);
    return h.equals("localhost")
        || h.equals("::1")
        || h.equals("[::1]")
        || h.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
  }

  @Override
  public String name() {
    return "email";
  }

  @Override
  public Outcome send(Notification.Delivery d) {
    try {
      MimeMessage m = new KeyedMessage(session, d.key());
      m.setFrom(new InternetAddress(s.smtpFrom()));
      for (String to : s.smtpTo()) {
        m.addRecipient(Message.RecipientType.TO, new InternetAddress(to));
      }
      m.setSubject(Payloads.emailSubject(d), StandardCharsets.UTF_8.name());
      m.setText(Payloads.emailText(d), StandardCharsets.UTF_8.name());
      m.setHeader(HttpChannel.DELIVERY_HEADER, d.key());
      try (Transport t = session.getTransport(protocol)) {
        if (s.smtpUser().isEmpty()) {
          t.connect();
        } else {
          t.connect(s.smtpUser(), s.smtpPassword());
        }
        m.saveChanges();
        t.sendMessage(m, m.getAllRecipients());
      }
      return Outcome.sent();
    } catch (AuthenticationFailedException e) {
      return Outcome.permanent("SMTP authentication failed");
    } catch (MessagingException e) {
      int code = replyCode(e);
      if (code >= 500) {
        return Outcome.permanent("SMTP " + code);
      }
      String m = e.getMessage() == null
          ? ""
          : ": " + e.getMessage().lines().findFirst().orElse("");
      return Outcome.retry(
          code > 0 ? "SMTP " + code : "SMTP error (" + rootClass(e) + m + ")", null);
    }
  }

  private static int replyCode(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SMTPSendFailedException f) {
        return f.getReturnCode();
      }
      if (t instanceof SMTPAddressFailedException f) {
        return f.getReturnCode();
      }
      if (t instanceof MessagingException me
          && me.getNextException() != null
          && me.getNextException() != t) {
        int c = replyCode(me.getNextException());
        if (c > 0) {
          return c;
        }
      }
    }
    return -1;
  }

  private static String rootClass(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getClass().getSimpleName();
  }

  /** A message whose Message-ID is derived from the idempotency key (the same on every re-send). */
  private static final class KeyedMessage extends MimeMessage {
    private final String key;

    KeyedMessage(Session session, String key) {
      super(session);
      this.key = key;
    }

    @Override
    protected void updateMessageID() throws MessagingException {
      byte[] h;
      try {
        h = java.security.MessageDigest.getInstance("SHA-256")
            .digest(key.getBytes(StandardCharsets.UTF_8));
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
      setHeader(
          "Message-ID", "<" + java.util.HexFormat.of().formatHex(h, 0, 16) + ".notify@vigia>");
    }
  }
}
