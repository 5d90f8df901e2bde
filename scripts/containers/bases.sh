#!/usr/bin/env bash
# Local stand-ins for the public base images compose.yaml and the Containerfile name, for machines that reach
# Debian's archive but no image registry (this project's own): each is a Debian 12 root file system made by
# mmdebstrap and turned into an image by `podman import`, with the same content the public image is used for.
#
#   scripts/containers/bases.sh build    makes the images below that are missing (each ~1-2 min)
#   scripts/containers/bases.sh remove   removes them
#   scripts/containers/bases.sh names    prints them, one `public=local` pair a line
#
#   debian:bookworm-slim  -> localhost/reservaflow-test-debian:bookworm-slim  minbase, docs and man pages left out
#   swift:6.3-bookworm    -> localhost/reservaflow-test-swift:6.3-bookworm    the official image's packages, this
#       machine's Swift toolchain (found from `swift` on PATH) in /usr, without the debugger, editor and
#       Embedded Swift parts (lldb, sourcekit-lsp, clangd, docc, swift-format: a build needs none; ~1 GB
#       less to import), and this machine's copy of the Swift
#       packages with git told to read github.com from it (the build reaches no GitHub here)
#   postgres:15-bookworm  -> localhost/reservaflow-test-postgres:15-bookworm  Debian's PostgreSQL 15, no cluster
#   redis:7-bookworm      -> localhost/reservaflow-test-redis:7-bookworm      Debian's Redis 7, /data for redis
#
# Needs root (mmdebstrap and podman as root), podman, runc and mmdebstrap; CONTAINERS_CONF from
# scripts/containers/env.sh.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=scripts/containers/env.sh
. "$here/env.sh"

exists() { podman image exists "$1"; }

# mmdebstrap into a tar, then import it. $1 image, $2 extra `podman import --change` list (one per line),
# the rest: mmdebstrap options.
make_image() {
    local image=$1 changes=$2 tar
    shift 2
    if exists "$image"; then echo "bases: $image is there"; return 0; fi
    tar="$work/$(printf '%s' "$image" | tr '/:' '__').tar"
    echo "bases: making $image (mmdebstrap)"
    local t0=$SECONDS
    if ! mmdebstrap --quiet --variant=minbase \
            --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/info/*' \
            --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-include=/usr/share/doc/*/copyright' \
            --dpkgopt='path-exclude=/usr/share/locale/*' \
            "$@" bookworm "$tar" >"$work/mmdebstrap.log" 2>&1; then
        echo "bases: mmdebstrap failed for $image; the end of its log:" >&2
        tail -20 "$work/mmdebstrap.log" >&2
        return 1
    fi
    local args=()
    while IFS= read -r c; do [ -n "$c" ] && args+=(--change "$c"); done <<< "$changes"
    podman import --quiet "${args[@]}" "$tar" "$image" >/dev/null
    rm -f "$tar"
    echo "bases: $image made in $((SECONDS - t0)) s"
}

std_path='ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'

build() {
    command -v mmdebstrap >/dev/null || { echo "bases: mmdebstrap is missing (apt-get install -y mmdebstrap)" >&2; exit 1; }
    work=$(mktemp -d /var/tmp/reservaflow-bases.XXXXXX)
    trap 'rm -rf "$work"' RETURN
    # mmdebstrap merges /usr with Debian's usrmerge package, which brings the whole of perl; the public slim
    # image has neither (perl-base, which dpkg needs, stays).
    # shellcheck disable=SC2016  # "$1" in a hook is mmdebstrap's root folder, expanded by mmdebstrap's shell
    make_image "$RF_BASE_DEBIAN" "$std_path
CMD [\"bash\"]" \
        --customize-hook='chroot "$1" env DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq usrmerge perl perl-modules-5.36 libperl5.36 libfile-find-rule-perl libnumber-compare-perl libtext-glob-perl libgdbm-compat4 >/dev/null'

    local swift_bin toolchain
    swift_bin=$(readlink -f "$(command -v swift)") || { echo "bases: no swift on PATH" >&2; exit 1; }
    toolchain=$(dirname "$(dirname "$(dirname "$swift_bin")")")   # .../usr/bin/swift-driver -> ...
    [ -x "$toolchain/usr/bin/swift-frontend" ] || { echo "bases: no Swift toolchain found at $toolchain" >&2; exit 1; }
    local mirror=/opt/swift-packages
    # The official swift image's own package list (its Dockerfile), so what builds here builds there.
    make_image "$RF_BASE_SWIFT" "$std_path
CMD [\"bash\"]" \
        --include=binutils,git,gnupg2,libc6-dev,libcurl4-openssl-dev,libedit2,libgcc-12-dev,libpython3-dev,libsqlite3-0,libstdc++-12-dev,libxml2-dev,libncurses-dev,libz3-dev,pkg-config,tzdata,zip,unzip,zlib1g-dev,ca-certificates \
        --customize-hook="tar -C '$toolchain' -c --exclude='usr/bin/lldb*' --exclude=usr/bin/sourcekit-lsp --exclude=usr/bin/clangd --exclude=usr/bin/docc --exclude='usr/lib/liblldb*' --exclude='usr/lib/libsourcekitd*' --exclude='usr/lib/libSwiftSourceKit*' --exclude='usr/lib/python3*' --exclude=usr/share/docc --exclude=usr/lib/swift/embedded --exclude=usr/bin/swift-format --exclude=usr/bin/wasmkit usr | tar -C \"\$1\" -x" \
        --customize-hook="if [ -d '$mirror' ]; then mkdir -p \"\$1/opt\" && cp -a '$mirror' \"\$1/opt/\" && printf '[url \"%s/\"]\n\tinsteadOf = https://github.com/\n' '$mirror' > \"\$1/etc/gitconfig\"; fi"

    # shellcheck disable=SC2016  # as above
    make_image "$RF_BASE_POSTGRES" "ENV PATH=/usr/lib/postgresql/15/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
ENV PGDATA=/var/lib/postgresql/data
CMD [\"postgres\"]" \
        --include=postgresql-15,ca-certificates \
        --customize-hook='rm -rf "$1/var/lib/postgresql/15" "$1/etc/postgresql/15"' \
        --customize-hook='chroot "$1" install -d -o postgres -g postgres -m 700 /var/lib/postgresql/data'

    # shellcheck disable=SC2016  # as above
    make_image "$RF_BASE_REDIS" "$std_path
CMD [\"redis-server\"]" \
        --include=redis-server \
        --customize-hook='chroot "$1" install -d -o redis -g redis -m 750 /data'
}

remove() {
    for image in "$RF_BASE_DEBIAN" "$RF_BASE_SWIFT" "$RF_BASE_POSTGRES" "$RF_BASE_REDIS"; do
        if exists "$image"; then podman rmi --force "$image" >/dev/null && echo "bases: removed $image"; fi
    done
}

case "${1:-}" in
    build) build ;;
    remove) remove ;;
    names) printf 'debian:bookworm-slim=%s\nswift:6.3-bookworm=%s\npostgres:15-bookworm=%s\nredis:7-bookworm=%s\n' \
               "$RF_BASE_DEBIAN" "$RF_BASE_SWIFT" "$RF_BASE_POSTGRES" "$RF_BASE_REDIS" ;;
    *) echo "usage: $0 build|remove|names" >&2; exit 2 ;;
esac
