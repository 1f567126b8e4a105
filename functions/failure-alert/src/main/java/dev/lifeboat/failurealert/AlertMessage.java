package dev.lifeboat.failurealert;

/** One SNS message: a subject under 100 ASCII characters and a plain-text body. */
public record AlertMessage(String subject, String body) {
}
