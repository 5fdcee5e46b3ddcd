package dev.verdict.server.cli;

import dev.verdict.core.suites.SecretBox;
import dev.verdict.storage.PrivateFiles;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.function.BooleanSupplier;

/**
 * The key that seals suite upload tokens: VERDICT_SECRET_KEY (base64 of 32 bytes) if set, else a
 * key file in the data directory, made on first use. Every server on one database needs the same
 * key, so such setups set VERDICT_SECRET_KEY on each.
 *
 * <p>A new key is made only for a store that holds no sealed token: a key file lost from beside a
 * store that has them (a data directory restored without it, a volume mounted elsewhere) would
 * otherwise be replaced in silence, and every suite's token be unshowable from then on.
 */
final class SecretKeys {
    static final String FILE = "secret.key";

    private SecretKeys() {}

    /**
     * @param holdsSealedTokens asked only when a key would be made
     * @param newKeyAllowed whether to make one even then (--new-secret-key)
     */
    static byte[] load(Path dataDir, BooleanSupplier holdsSealedTokens, boolean newKeyAllowed) {
        String fromEnv = System.getenv("VERDICT_SECRET_KEY");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return decode(fromEnv.strip(), "VERDICT_SECRET_KEY");
        }
        Path file = dataDir.resolve(FILE);
        try {
            if (Files.exists(file)) {
                return decode(Files.readString(file).strip(), file.toString());
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the secret key " + file + ": " + PrivateFiles.explain(e), e);
        }
        if (!newKeyAllowed && holdsSealedTokens.getAsBoolean()) {
            throw new IllegalStateException("the secret key " + file + " is missing, and the store holds suite upload"
                    + " tokens sealed under it: restore the file (or set VERDICT_SECRET_KEY), or start with"
                    + " --new-secret-key to make a new one (each suite's token must then be rotated before it can be"
                    + " shown again)");
        }
        return create(dataDir, file);
    }

    private static byte[] create(Path dataDir, Path file) {
        PrivateFiles.directory(dataDir);
        byte[] key = SecretBox.newKey();
        try {
            Path temp = Files.createTempFile(dataDir, FILE, ".tmp", PrivateFiles.fileMode());
            Files.writeString(temp, Base64.getEncoder().encodeToString(key) + "\n");
            try {
                // A link, not a move: if another process made the file meanwhile, its key wins.
                Files.createLink(file, temp);
            } catch (FileAlreadyExistsException e) {
                return decode(Files.readString(file).strip(), file.toString());
            } finally {
                Files.deleteIfExists(temp);
            }
            return key;
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the secret key " + file + ": " + PrivateFiles.explain(e), e);
        }
    }

    private static byte[] decode(String text, String source) {
        try {
            byte[] key = Base64.getDecoder().decode(text);
            if (key.length == SecretBox.KEY_BYTES) {
                return key;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new IllegalStateException(source + " must hold " + SecretBox.KEY_BYTES
                + " bytes in base64 (make one with: openssl rand -base64 32)");
    }
}
