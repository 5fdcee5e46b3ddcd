package dev.verdict.server.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;

/**
 * The pages' templates (src/main/jte), compiled to classes at build time, so nothing is compiled
 * while serving. Output is HTML-escaped unless a template says otherwise.
 */
final class Templates {
    private final TemplateEngine engine = TemplateEngine.createPrecompiled(ContentType.Html);

    /** Renders a template whose one parameter is {@code model}. */
    String render(String template, Object model) {
        StringOutput output = new StringOutput(8192);
        engine.render(template, model, output);
        return output.toString();
    }
}
