package dev.verdict.core.ingest;

import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Every format an upload's data file may have, each with its reader: the one list of them. */
public final class ResultFormats {
    /** Reads a data file into an upload. */
    @FunctionalInterface
    public interface Reader {
        void read(InputStream data, UploadBuilder upload);
    }

    private static final Map<String, Reader> READERS = readers();

    private ResultFormats() {}

    private static Map<String, Reader> readers() {
        Map<String, Reader> readers = new LinkedHashMap<>();
        readers.put("json", JsonUploadReader::readData);
        readers.put("junit", JunitReader::read);
        readers.put("jest-json", JestJsonReader::read);
        readers.put("playwright-json", PlaywrightJsonReader::read);
        readers.put("rspec-json", RspecJsonReader::read);
        readers.put("cucumber-json", CucumberJsonReader::read);
        readers.put("go-jsonl", GoJsonReader::read);
        return Map.copyOf(readers);
    }

    public static Optional<Reader> reader(String format) {
        return Optional.ofNullable(READERS.get(format));
    }

    /** The formats, in a stable order for messages. */
    public static Set<String> names() {
        return new java.util.TreeSet<>(READERS.keySet());
    }
}
