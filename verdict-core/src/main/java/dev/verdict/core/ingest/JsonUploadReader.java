package dev.verdict.core.ingest;

import dev.verdict.core.BadRequest;
import dev.verdict.core.Json;
import java.io.InputStream;
import java.io.StringReader;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;

/**
 * Reads JSON uploads as a stream: one result is held at a time, never the whole body, so memory
 * does not grow with the upload.
 */
public final class JsonUploadReader {
    /** Reads one value from the middle of a stream: what follows it is the rest of the upload. */
    static final ObjectReader ONE_VALUE =
            Json.MAPPER.readerFor(JsonNode.class).without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private JsonUploadReader() {}

    /** A whole JSON body: {@code {"format", "run_env", "tags", "data"}}, in any order. */
    public static void readBody(InputStream body, UploadBuilder upload) {
        parse(body, "request body", parser -> {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new BadRequest("request body must be a JSON object with format, run_env and data");
            }
            readEnvelope(parser, upload);
        });
    }

    /**
     * The {@code data} file of a multipart upload: a bare array of results, as the pipeline plugin
     * sends, or a whole JSON body, as some scripts send.
     */
    public static void readData(InputStream data, UploadBuilder upload) {
        parse(data, "data", parser -> {
            JsonToken first = parser.nextToken();
            if (first == JsonToken.START_ARRAY) {
                readResults(parser, upload);
            } else if (first == JsonToken.START_OBJECT) {
                readEnvelope(parser, upload);
            } else {
                throw new BadRequest("data must be a JSON array of test results");
            }
        });
    }

    private interface Reading {
        void read(JsonParser parser);
    }

    private static void parse(InputStream in, String what, Reading reading) {
        try (JsonParser parser = Json.MAPPER.createParser(in)) {
            reading.read(parser);
            if (parser.nextToken() != null) {
                throw new BadRequest(what + " has more after its JSON value ended, at line "
                        + parser.currentLocation().getLineNr() + ", column "
                        + parser.currentLocation().getColumnNr());
            }
        } catch (StreamReadException e) {
            var at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new BadRequest(what + " is not valid JSON" + where + ": " + e.getOriginalMessage());
        } catch (JacksonException e) {
            throw new BadRequest(what + " is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static void readEnvelope(JsonParser parser, UploadBuilder upload) {
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (field) {
                case "format" -> {
                    if (value != JsonToken.VALUE_STRING) {
                        throw new BadRequest("format must be a string such as \"json\"");
                    }
                    upload.format(parser.getString());
                }
                case "run_env" -> readStrings(parser, value, "run_env", upload::runEnv);
                case "tags" -> readStrings(parser, value, "tags", upload::tag);
                case "data" -> {
                    if (value == JsonToken.START_ARRAY) {
                        readResults(parser, upload);
                    } else if (value == JsonToken.VALUE_STRING) {
                        // The 2022 form of a JUnit upload: the XML as a JSON string.
                        JunitReader.read(new StringReader(parser.getString()), upload);
                    } else {
                        throw new BadRequest("data must be an array of test results");
                    }
                }
                default -> parser.skipChildren();
            }
        }
    }

    private static void readResults(JsonParser parser, UploadBuilder upload) {
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            JsonNode result = ONE_VALUE.readValue(parser);
            upload.jsonResult(result);
        }
    }

    private interface Sink {
        void put(String key, String value);
    }

    /** An object of strings; numbers and booleans are taken as their text, nulls as absent. */
    private static void readStrings(JsonParser parser, JsonToken value, String what, Sink sink) {
        if (value == JsonToken.VALUE_NULL) {
            return;
        }
        if (value != JsonToken.START_OBJECT) {
            throw new BadRequest(what + " must be a JSON object of strings");
        }
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String key = parser.currentName();
            JsonToken token = parser.nextToken();
            if (token == JsonToken.VALUE_NULL) {
                sink.put(key, null);
            } else if (token.isScalarValue()) {
                sink.put(key, parser.getString());
            } else {
                throw new BadRequest(what + "." + key + " must be a string, not an "
                        + (token == JsonToken.START_ARRAY ? "array" : "object"));
            }
        }
    }
}
