#!/usr/bin/env bash
# Builds the files the OCI image puts on an empty base (Jib's "scratch"), so the image is made from
# this machine's JDK and nothing pulled from a registry: a Java runtime cut by jlink to the modules
# Verdict uses, the C library it needs (found with ldd, copied from this machine), and the few
# files a process expects (/etc/passwd with the unprivileged user, /tmp, /data).
# Usage: bin/lib/image-root.sh OUT APP_JAR LIB_DIR   (run by `mvnw -Pimage package`, see bin/image)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
. "$root/bin/lib/jdk.sh"
out=$1 jar=$(cd "$(dirname "$2")" && pwd)/$(basename "$2") lib=$(cd "$3" && pwd)

rm -rf "$out"
mkdir -p "$out/opt" "$out/etc" "$out/tmp" "$out/data"

# jdeps sees the modules the classes name; jdk.unsupported is reached by reflection (sun.misc.Unsafe)
# in the libraries, which jdeps cannot see.
modules=$("$JAVA_HOME/bin/jdeps" --multi-release "$("$JAVA_HOME/bin/java" -XshowSettings:properties -version 2>&1 \
            | awk -F'= ' '/java.specification.version/ { print $2; exit }')" \
          --print-module-deps --ignore-missing-deps --class-path "$lib/*" "$jar")
"$JAVA_HOME/bin/jlink" --add-modules "$modules,jdk.unsupported" --strip-debug --no-man-pages \
  --no-header-files --compress=zip-6 --output "$out/opt/java"

# The shared libraries the runtime and the SQLite driver's native part load, at the paths the
# dynamic loader looks for them. The driver unpacks its library at run time, so it is asked here.
native=$(mktemp -d)
trap 'rm -rf "$native"' EXIT
(cd "$native" && "$JAVA_HOME/bin/jar" xf "$(ls "$lib"/sqlite-jdbc-*.jar | head -n 1)" \
  "org/sqlite/native/Linux/$(uname -m)/libsqlitejdbc.so")
# The desktop module is there for java.beans; a headless server never loads its AWT and sound
# libraries, which would bring X11 along.
find "$out/opt/java" "$native" -type f \( -name '*.so' -o -path '*/bin/*' \) \
    ! -name 'lib*awt*' ! -name libsplashscreen.so ! -name libjsound.so ! -name libfontmanager.so \
    ! -name liblcms.so ! -name libmlib_image.so ! -name libjavajpeg.so -print0 \
  | xargs -0 ldd 2>/dev/null \
  | awk -v own="$out/" '/^\t/ && $2 == "=>" && $3 ~ /^\// && index($3, own) != 1 { print $3 }
                       /^\t\// { print $1 }' \
  | sort -u \
  | while read -r so; do
      mkdir -p "$out$(dirname "$so")"
      cp -L "$so" "$out$so"
    done
[ -f /usr/share/doc/libc6/copyright ] && install -D -m 644 /usr/share/doc/libc6/copyright \
  "$out/usr/share/doc/libc6/copyright"

# 65532 is the usual "nonroot" id of minimal images; its home is the data directory.
printf 'root:x:0:0:root:/root:/sbin/nologin\nverdict:x:65532:65532:verdict:/data:/sbin/nologin\n' >"$out/etc/passwd"
printf 'root:x:0:\nverdict:x:65532:\n' >"$out/etc/group"
printf 'passwd: files\ngroup: files\nhosts: files dns\n' >"$out/etc/nsswitch.conf"
echo "image-root: $(du -sh "$out" | cut -f1) in $out (modules $modules,jdk.unsupported)" >&2
