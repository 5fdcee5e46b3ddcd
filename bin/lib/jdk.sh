# Sourced by the bin/ scripts: exports JAVA_HOME as a JDK 25 or newer, or stops with one line.
# Order: $JAVA_HOME if it is one, then `java` on the PATH, then the usual JDK folders.

_verdict_java_major() {
  # The JDK's release file says its version without starting a JVM (which costs ~0.2 s a time).
  local version=""
  if [ -r "$1/release" ]; then
    version=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$1/release")
  fi
  if [ -z "$version" ]; then
    version=$("$1/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ { print $2; exit }')
  fi
  version=${version#1.}
  echo "${version%%[.+-]*}"
}

_verdict_is_jdk25() {
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 1
  local major
  major=$(_verdict_java_major "$1")
  [ -n "$major" ] && [ "$major" -ge 25 ]
}

_verdict_pick_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && _verdict_is_jdk25 "$JAVA_HOME"; then
    return 0
  fi
  local candidate
  if command -v javac >/dev/null 2>&1; then
    candidate=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
    if _verdict_is_jdk25 "$candidate"; then JAVA_HOME=$candidate; return 0; fi
  fi
  for candidate in /usr/lib/jvm/* /opt/java/* /opt/jdk* /usr/local/lib/jvm/* \
                   "$HOME"/.sdkman/candidates/java/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    if _verdict_is_jdk25 "$candidate"; then JAVA_HOME=$candidate; return 0; fi
  done
  echo "verdict: needs a JDK 25 or newer; set JAVA_HOME to one (JAVA_HOME=${JAVA_HOME:-unset} is not, and none was found under /usr/lib/jvm)" >&2
  exit 1
}

_verdict_pick_jdk
export JAVA_HOME
