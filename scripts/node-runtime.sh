# Sourced by the set-up, start and test scripts: makes sure everything after it runs on Node 24.
# When the machine's own `node` is another major, Node 24 is installed once from the npm registry
# (the `node-linux-<arch>` package carries the official binary and headers) into `.node/`, and
# put first on PATH. Native addons are then compiled against its headers.
NODE_RUNTIME_VERSION=24.22.3
NODE_RUNTIME_MAJOR=${NODE_RUNTIME_VERSION%%.*}

node_runtime_major() {
  "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0
}

use_node_runtime() {
  local root local_dir arch pkg tmp
  root=$(pwd)
  local_dir="$root/.node"
  if [ "$(node_runtime_major node)" = "$NODE_RUNTIME_MAJOR" ] && [ ! -x "$local_dir/bin/node" ]; then
    return 0
  fi
  if [ ! -x "$local_dir/bin/node" ] ||
    [ "$("$local_dir/bin/node" --version)" != "v$NODE_RUNTIME_VERSION" ]; then
    case "$(uname -m)" in
      x86_64) arch=x64 ;;
      aarch64 | arm64) arch=arm64 ;;
      *)
        echo "setup: no Node $NODE_RUNTIME_MAJOR package for $(uname -m); install Node $NODE_RUNTIME_MAJOR yourself" >&2
        return 1
        ;;
    esac
    pkg="node-linux-$arch@$NODE_RUNTIME_VERSION"
    echo "setup: this machine has Node $(node --version 2>/dev/null || echo none); installing Node $NODE_RUNTIME_VERSION ($pkg from the npm registry) into .node/"
    tmp=$(mktemp -d)
    # npm pack checks the tarball against the registry's integrity hash.
    (cd "$tmp" && npm pack "$pkg" --silent >/dev/null)
    rm -rf "$local_dir"
    mkdir -p "$local_dir"
    tar -xzf "$tmp"/node-linux-*.tgz -C "$local_dir" --strip-components=1
    rm -rf "$tmp"
  fi
  export PATH="$local_dir/bin:$PATH"
  export npm_config_nodedir="$local_dir"
}

# npm scripts started later by an older `node` still resolve `node` from node_modules/.bin first.
link_node_runtime() {
  if [ -x "$(pwd)/.node/bin/node" ] && [ -d node_modules/.bin ]; then
    ln -sfn ../../.node/bin/node node_modules/.bin/node
  fi
}
