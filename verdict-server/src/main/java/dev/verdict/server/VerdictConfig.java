package dev.verdict.server;

import dev.verdict.core.suites.SecretBox;
import dev.verdict.storage.DatabaseTarget;
import java.time.Clock;
import java.util.Optional;

/**
 * Everything a server needs to start.
 *
 * @param port the port to listen on; 0 picks a free one (tests)
 * @param publicUrl the base of {@code url} and {@code web_url}; empty means {@code http://localhost:PORT}
 * @param secretBox seals suite upload tokens at rest
 */
public record VerdictConfig(
        int port, DatabaseTarget database, Optional<String> publicUrl, SecretBox secretBox, Clock clock) {}
