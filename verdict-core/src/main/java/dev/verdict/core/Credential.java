package dev.verdict.core;

/** Something a secret token stands for, with the SHA-256 of that secret as stored. */
public record Credential<T>(T owner, byte[] secretHash) {}
