package dev.verdict.server.http;

/** An API operation: reads a call, answers a reply. Blocking is fine: each request has a virtual thread. */
@FunctionalInterface
public interface Endpoint {
    Reply handle(Call call) throws Exception;
}
