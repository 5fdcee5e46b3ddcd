package dev.verdict.core.ingest;

import com.ctc.wstx.stax.WstxInputFactory;
import dev.verdict.core.BadRequest;
import dev.verdict.core.Json;
import java.io.InputStream;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import tools.jackson.databind.node.ArrayNode;

/**
 * Reads JUnit XML as a stream of events, one {@code <testcase>} at a time, wherever it is nested.
 * DTDs and external entities are off, so XXE and entity-expansion bombs fail as undeclared entities.
 *
 * <p>Mapping: {@code classname} → scope, {@code name} → name, {@code file} (the testcase's, or
 * else the nearest enclosing testsuite's) → file_name (and, with {@code line}, location), {@code time} → duration in seconds; {@code <failure>} or {@code <error>} →
 * failed, its {@code message} → failure_reason and its text → failure_expanded; {@code <skipped>} →
 * skipped; anything else passed. Surefire and Failsafe record reruns inside the testcase:
 * {@code <flakyFailure>}/{@code <flakyError>} (failed, then passed on a rerun) and
 * {@code <rerunFailure>}/{@code <rerunError>} (failed on a rerun too). Each is an attempt of its
 * own, so each becomes a failed execution beside the testcase's final one: a test that failed and
 * then passed is seen passing and failing on one commit, which the flaky rule catches.
 */
public final class JunitReader {
    private static final XMLInputFactory FACTORY = factory();

    private JunitReader() {}

    public static void read(InputStream xml, UploadBuilder upload) {
        try {
            read(FACTORY.createXMLStreamReader(xml), upload);
        } catch (XMLStreamException e) {
            throw invalid(e);
        }
    }

    public static void read(Reader xml, UploadBuilder upload) {
        try {
            read(FACTORY.createXMLStreamReader(xml), upload);
        } catch (XMLStreamException e) {
            throw invalid(e);
        }
    }

    private static void read(XMLStreamReader xml, UploadBuilder upload) throws XMLStreamException {
        try {
            boolean anyElement = false;
            // The file each enclosing <testsuite> names: Cypress and PHPUnit put it there, not on
            // the testcase.
            java.util.Deque<String> suiteFiles = new java.util.ArrayDeque<>();
            String documentFile = "";
            while (xml.hasNext()) {
                int event = xml.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    if (!anyElement
                            && !xml.getLocalName().equals("testsuites")
                            && !xml.getLocalName().equals("testsuite")) {
                        throw new BadRequest("data is not JUnit XML: the root element is <" + xml.getLocalName()
                                + ">, not <testsuites> or <testsuite>");
                    }
                    anyElement = true;
                    if (xml.getLocalName().equals("testsuite")) {
                        String file = attribute(xml, "file");
                        if (suiteFiles.isEmpty() && "Root Suite".equals(attribute(xml, "name")) && file != null) {
                            // mocha-junit-reporter (Cypress) names the spec file once, on an empty
                            // "Root Suite" before the suites that hold its tests.
                            documentFile = file;
                        }
                        String parent = suiteFiles.isEmpty() ? documentFile : suiteFiles.peek();
                        suiteFiles.push(file != null && !file.isBlank() ? file : parent);
                    } else if (xml.getLocalName().equals("testcase")) {
                        String inherited =
                                suiteFiles.isEmpty() || suiteFiles.peek().isEmpty() ? null : suiteFiles.peek();
                        testcase(xml, inherited, upload.maxOutputChars()).forEach(upload::result);
                    }
                } else if (event == XMLStreamConstants.END_ELEMENT
                        && xml.getLocalName().equals("testsuite")
                        && !suiteFiles.isEmpty()) {
                    suiteFiles.pop();
                }
            }
        } finally {
            xml.close();
        }
    }

    private static final java.util.Set<String> RERUNS =
            java.util.Set.of("flakyFailure", "flakyError", "rerunFailure", "rerunError");

    /** The testcase's earlier attempts (Surefire's reruns), then its final result. */
    private static List<TestResult> testcase(XMLStreamReader xml, String suiteFile, int maxOutputChars)
            throws XMLStreamException {
        String scope = attribute(xml, "classname");
        String name = attribute(xml, "name");
        String own = attribute(xml, "file");
        String file = own != null && !own.isBlank() ? own : suiteFile;
        String line = attribute(xml, "line");
        String location = file == null ? null : line == null ? file : file + ":" + line;
        Identity identity = new Identity(scope == null ? "" : scope, name, location, file);
        Double duration = seconds(attribute(xml, "time"));
        Result result = Result.PASSED;
        String reason = null;
        List<String> expanded = new ArrayList<>();
        List<TestResult> attempts = new ArrayList<>();
        StringBuilder stdout = new StringBuilder();
        StringBuilder stderr = new StringBuilder();
        int depth = 1;
        while (depth > 0) {
            int event = xml.next();
            if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
            } else if (event == XMLStreamConstants.START_ELEMENT) {
                String element = xml.getLocalName();
                if (depth == 1 && (element.equals("failure") || element.equals("error"))) {
                    String message = attribute(xml, "message");
                    String text = xml.getElementText().strip();
                    if (result != Result.FAILED) {
                        reason = message != null && !message.isBlank() ? message : firstLine(text);
                    }
                    result = Result.FAILED;
                    text.lines().forEach(expanded::add);
                } else if (depth == 1 && RERUNS.contains(element)) {
                    String message = attribute(xml, "message");
                    Double time = seconds(attribute(xml, "time"));
                    String trace = rerunTrace(xml);
                    attempts.add(identity.result(
                            Result.FAILED,
                            message != null && !message.isBlank() ? message : firstLine(trace),
                            trace.lines().toList(),
                            time,
                            null));
                } else if (depth == 1 && element.equals("system-out")) {
                    stdout.append(xml.getElementText());
                } else if (depth == 1 && element.equals("system-err")) {
                    stderr.append(xml.getElementText());
                } else if (depth == 1 && element.equals("skipped") && result != Result.FAILED) {
                    result = Result.SKIPPED;
                    depth++;
                } else {
                    depth++;
                }
            }
        }
        // What the test printed belongs to its final result.
        attempts.add(identity.result(
                result, reason, expanded, duration, Outputs.of(stdout.toString(), stderr.toString(), maxOutputChars)));
        return attempts;
    }

    /** Who a testcase is: what every one of its results shares. */
    private record Identity(String scope, String name, String location, String file) {
        TestResult result(Result result, String reason, List<String> failure, Double duration, String output) {
            return new TestResult(
                    scope,
                    name,
                    location,
                    file,
                    result,
                    reason,
                    failure.isEmpty() ? null : failureExpanded(failure),
                    duration,
                    null,
                    Map.of(),
                    output);
        }
    }

    /**
     * A rerun element's stack trace: its {@code <stackTrace>} child as Surefire writes it, or its
     * own text as older versions did. Leaves the reader on the element's end.
     */
    private static String rerunTrace(XMLStreamReader xml) throws XMLStreamException {
        StringBuilder own = new StringBuilder();
        String trace = null;
        int depth = 1;
        while (depth > 0) {
            int event = xml.next();
            if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
            } else if (event == XMLStreamConstants.START_ELEMENT) {
                if (depth == 1 && xml.getLocalName().equals("stackTrace")) {
                    trace = xml.getElementText().strip();
                } else {
                    depth++;
                }
            } else if (depth == 1 && (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA)) {
                own.append(xml.getText());
            }
        }
        return trace != null ? trace : own.toString().strip();
    }

    /** Lines as a failure_expanded JSON array with one {expanded} entry. */
    static String failureExpanded(List<String> lines) {
        return failureExpanded(lines, List.of());
    }

    /** A failure_expanded JSON array with one entry of {@code expanded} and {@code backtrace} lines. */
    static String failureExpanded(List<String> expanded, List<String> backtrace) {
        ArrayNode array = Json.MAPPER.createArrayNode();
        var entry = array.addObject();
        expanded.forEach(entry.putArray("expanded")::add);
        if (!backtrace.isEmpty()) {
            backtrace.forEach(entry.putArray("backtrace")::add);
        }
        return Json.MAPPER.writeValueAsString(array);
    }

    private static String attribute(XMLStreamReader xml, String name) {
        return xml.getAttributeValue(null, name);
    }

    private static String firstLine(String text) {
        return text.lines()
                .filter(l -> !l.isBlank())
                .findFirst()
                .map(String::strip)
                .orElse(null);
    }

    /**
     * JUnit times are seconds; some tools write thousands separators ({@code 1,234.5}). A time no
     * test can take (negative, beyond a double) is given as it is: {@link UploadBuilder} skips the
     * result and says why, as for every format.
     */
    private static Double seconds(String time) {
        if (time == null || time.isBlank()) {
            return null;
        }
        try {
            return Double.parseDouble(time.strip().replace(",", ""));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static BadRequest invalid(XMLStreamException e) {
        var at = e.getLocation();
        String where = at == null ? "" : " at line " + at.getLineNumber() + ", column " + at.getColumnNumber();
        String message =
                e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
        message = message.replaceFirst("^ParseError at \\[row,col\\]:\\[\\d+,\\d+\\]\\s*Message:\\s*", "");
        return new BadRequest("data is not valid JUnit XML" + where + ": " + message);
    }

    private static XMLInputFactory factory() {
        XMLInputFactory factory = new WstxInputFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
        return factory;
    }
}
