# Helpers of scripts/install-appliance: where things go, dry-run aware file operations,
# the office config, the device token, the code and its virtualenv, systemd and LightDM.
# Sourced after scripts/lib/setup.sh (ANTRIAN_ROOT, say).
# shellcheck shell=bash
# shellcheck disable=SC2034  # the names set here are used by scripts/install-appliance

ROLES=(hub kiosk display caller counter fo rater)
GUI_ROLES=(kiosk display counter fo rater)   # a window on the PC's screen
TOKEN_ROLES=(kiosk display caller fo rater)  # talk to the hub with a device token
COUNTER_ROLES=(counter rater)                # stand at one counter: a template unit

# Debian/Ubuntu packages per kind of appliance, on top of scripts/apt-packages.txt;
# QT_PACKAGES and XCB_PACKAGES (what Qt loads) are in scripts/lib/setup.sh, which
# scripts/demo shares.
# The Antrian X session: an X server, LightDM's autologin, xset/xhost, a window manager.
SESSION_PACKAGES=(xserver-xorg x11-xserver-utils lightdm matchbox-window-manager)
HUB_PACKAGES=(sqlite3)  # to look into the store and copy it by hand

in_list() {  # in_list WORD LIST...
  local word=$1 item
  shift
  for item in "$@"; do [ "$item" = "$word" ] && return 0; done
  return 1
}
is_gui_role() { in_list "$1" "${GUI_ROLES[@]}"; }
is_counter_role() { in_list "$1" "${COUNTER_ROLES[@]}"; }
needs_token() { in_list "$1" "${TOKEN_ROLES[@]}"; }

# One error: what is wrong, then how to fix it, so a technician on site can carry on.
die() {
  local what=$1
  shift
  printf 'install-appliance: error: %s\n' "$what" >&2
  local line
  for line in "$@"; do printf '  %s\n' "$line" >&2; done
  exit 2
}
warn() { printf 'install-appliance: warning: %s\n' "$*" >&2; }

# ---- where things go (everything under PREFIX, "" for a real install) -----------------

set_paths() {
  OPT_DIR="$PREFIX/opt/antrian"
  APP_DIR="$OPT_DIR/app"            # a copy of the project tree (the venv runs it in place)
  VENV_DIR="$OPT_DIR/venv"
  ANTRIAN="$VENV_DIR/bin/antrian"
  ETC_DIR="$PREFIX/etc/antrian"
  CONFIG="$ETC_DIR/office.toml"
  TOKEN="$ETC_DIR/token"
  DATA_DIR="$PREFIX/var/lib/antrian"
  BACKUP_DIR="$PREFIX/var/backups/antrian"
  UNIT_DIR="$PREFIX/etc/systemd/system"
  LIGHTDM_CONF="$PREFIX/etc/lightdm/lightdm.conf.d/50-antrian.conf"
  XSESSION_DESKTOP="$PREFIX/usr/share/xsessions/antrian.desktop"
  XSESSION_DIR="$OPT_DIR/xsession"
}

unit_name() {  # the file name of ROLE's unit (a counter's or a rater's is a template)
  if is_counter_role "$1"; then echo "antrian-$1@.service"; else echo "antrian-$1.service"; fi
}

# The unit systemctl enables and starts: a counter's is one instance of the template.
unit_instance() {
  if is_counter_role "$1"; then echo "antrian-$1@$COUNTER.service"; else echo "antrian-$1.service"; fi
}

installed_roles() {  # the roles whose unit files are in UNIT_DIR
  local role
  for role in "${ROLES[@]}"; do
    [ -f "$UNIT_DIR/$(unit_name "$role")" ] && echo "$role"
  done
  return 0
}

# ---- doing, or in --dry-run only saying -----------------------------------------------

run() {  # run COMMAND... (printed instead under --dry-run)
  if [ "$DRY_RUN" = 1 ]; then
    printf '  would run: %s\n' "$*"
  else
    "$@"
  fi
}

make_dir() {  # make_dir DIR MODE [OWNER]
  local dir=$1 mode=$2 owner=${3:-}
  if [ "$DRY_RUN" = 1 ]; then
    printf '  would create %s (mode %s%s)\n' "$dir" "$mode" "${owner:+, owner $owner}"
    return 0
  fi
  mkdir -p "$dir"
  chmod "$mode" "$dir"
  [ -z "$owner" ] || give_to "$owner" "$dir"
}

# Install the text on stdin as FILE: written beside it, then renamed, so a service never
# reads half a file. With --dry-run, unit and session files are shown (never the token).
put_file() {  # put_file FILE MODE [OWNER] [show] < content
  local file=$1 mode=$2 owner=${3:-} show=${4:-} tmp
  if [ "$DRY_RUN" = 1 ]; then
    printf '  would write %s (mode %s%s)\n' "$file" "$mode" "${owner:+, owner $owner}"
    if [ "$show" = show ]; then sed 's/^/      | /'; else cat >/dev/null; fi
    return 0
  fi
  mkdir -p "$(dirname "$file")"
  tmp=$(mktemp "$file.XXXXXX")  # mktemp makes it 0600: nothing leaks before chmod
  cat >"$tmp"
  chmod "$mode" "$tmp"
  [ -z "$owner" ] || give_to "$owner" "$tmp"
  mv -f "$tmp" "$file"
}

remove() {  # remove PATH... (a link is removed, never what it points to)
  local path
  for path in "$@"; do
    [ -e "$path" ] || [ -L "$path" ] || continue
    if [ "$DRY_RUN" = 1 ]; then printf '  would remove %s\n' "$path"; else rm -rf -- "$path"; fi
  done
}

user_exists() { getent passwd "$1" >/dev/null 2>&1; }

# chown to the service user. Under --prefix the user may not exist, or we may not be
# root (a test): then the files stay ours and we say so once.
give_to() {  # give_to USER PATH
  if user_exists "$1" && [ "$(id -u)" -eq 0 ]; then
    chown "$1:" "$2"
  elif [ -z "${OWNER_WARNED:-}" ]; then
    OWNER_WARNED=1
    warn "cannot give files to user '$1' (no such user, or not root); they stay owned by $(id -un)"
  fi
}

# ---- the office config ----------------------------------------------------------------

# A Python 3.11+ that every user can run: the venv is built on it and the services run
# it. /usr/bin/python3 first: a python3 under /root (pyenv) is not readable by them.
pick_python() {
  local candidate
  for candidate in /usr/bin/python3 "$(command -v python3 || true)"; do
    if [ -z "$candidate" ] || [ ! -x "$candidate" ]; then continue; fi
    if "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      echo "$candidate"
      return 0
    fi
  done
  die "Antrian needs Python 3.11 or newer as python3 (found: $(python3 --version 2>&1 || echo none))" \
    "use Debian 12 or newer, or Ubuntu 24.04 or newer, which ship it"
}

# Read what the installer needs from an office config: one "key=value" per line.
config_facts() {  # config_facts FILE
  "$PYTHON" - "$1" <<'PY'
import sys, tomllib
path = sys.argv[1]
try:
    with open(path, "rb") as handle:
        data = tomllib.load(handle)
except (OSError, tomllib.TOMLDecodeError) as exc:
    print(f"error={exc}")
    sys.exit(0)
hub = data.get("hub", {}) if isinstance(data.get("hub"), dict) else {}
counters = [str(c.get("number")) for c in data.get("counters", []) if isinstance(c, dict)]
print(f"counters={' '.join(counters)}")
print(f"token_file={hub.get('token_file', '')}")
print(f"url={hub.get('url', '')}")
print(f"port={hub.get('port', 8470)}")
print(f"backup_dir={hub.get('backup_dir', '')}")
PY
}

fact() {  # fact KEY FACTS: the value of one "key=value" line
  sed -n "s/^$1=//p" <<<"$2"
}

# Set [hub].KEY = "VALUE" in a config file, keeping everything else (comments too).
config_set_hub() {  # config_set_hub FILE KEY VALUE
  "$PYTHON" - "$@" <<'PY'
import json, re, sys, tomllib
path, key, value = sys.argv[1:4]
with open(path, encoding="utf-8") as handle:
    text = handle.read()
if text and not text.endswith("\n"):
    text += "\n"
lines = text.splitlines(keepends=True)
setting = f"{key} = {json.dumps(value)}\n"  # a JSON string is a valid TOML basic string
header = next((i for i, line in enumerate(lines) if re.match(r"\s*\[hub\]\s*(#.*)?$", line)), None)
if header is None:
    lines.append(f"\n[hub]\n{setting}")
else:
    end = next((i for i in range(header + 1, len(lines)) if re.match(r"\s*\[", lines[i])), len(lines))
    old = next((i for i in range(header + 1, end) if re.match(rf"\s*{key}\s*=", lines[i])), None)
    if old is None:
        lines.insert(header + 1, setting)
    else:  # keep the line's comment, which tells the next reader what the key is for
        value_and_comment = r"""\s*=\s*("(?:[^"\\]|\\.)*"|'[^']*'|[^#\s]*)(\s*#.*)?$"""
        match = re.match(rf"\s*{key}" + value_and_comment, lines[old].rstrip("\n"))
        comment = match[2] if match and match[2] else ""
        lines[old] = setting.rstrip("\n") + comment + "\n"
new = "".join(lines)
try:
    ok = tomllib.loads(new).get("hub", {}).get(key) == value
except tomllib.TOMLDecodeError:
    ok = False
if not ok:
    sys.exit(f"cannot set [hub].{key} in {path}; set it by hand: {setting.strip()}")
with open(path, "w", encoding="utf-8") as handle:
    handle.write(new)
PY
}

# ---- the device token -----------------------------------------------------------------

# `antrian token create` prints the token as its last line: accept a file or a paste that
# still holds the message above it, and nothing that cannot be a token.
clean_token() {  # clean_token < text; prints the token
  local line token=""
  while IFS= read -r line || [ -n "$line" ]; do
    line=${line//$'\r'/}
    line="${line#"${line%%[![:space:]]*}"}"
    line="${line%"${line##*[![:space:]]}"}"
    [ -n "$line" ] && token=$line
  done
  case "$token" in
    "" | *[[:space:]]*) return 1 ;;
  esac
  printf '%s\n' "$token"  # printf is a shell builtin: the token never shows in `ps`
}

# ---- the code and its virtualenv -----------------------------------------------------

# Copy the project tree (no git history, venvs, caches, tests or demo output) into
# APP_DIR: copied beside it first and swapped in, so a failed copy leaves the old one.
copy_code() {
  if [ "$DRY_RUN" = 1 ]; then
    printf '  would copy %s to %s\n' "$ANTRIAN_ROOT" "$APP_DIR"
    return 0
  fi
  local new="$APP_DIR.new"
  rm -rf "$new" "$APP_DIR.old"
  mkdir -p "$new"
  tar -C "$ANTRIAN_ROOT" --exclude-vcs --exclude=./.venv --exclude='./.*_cache' \
    --exclude=./.hypothesis --exclude=./.ci --exclude=./demo-out --exclude=./build \
    --exclude=./dist --exclude=./tests --exclude='*.egg-info' --exclude=__pycache__ \
    -cf - . | tar -C "$new" -xf -
  if [ -d "$APP_DIR" ]; then mv "$APP_DIR" "$APP_DIR.old"; fi
  mv "$new" "$APP_DIR"
  rm -rf "$APP_DIR.old"
}

# Build VENV_DIR on the system Python and install the copied tree into it in editable
# mode: Antrian finds its sounds/ and config/ beside its packages, which a plain
# (non-editable) install would leave behind. The hub needs nothing of Qt.
build_venv() {  # build_venv EXTRAS ("" or "apps")
  local extras=$1 spec=$APP_DIR
  [ -z "$extras" ] || spec="${APP_DIR}[$extras]"
  if [ "$DRY_RUN" = 1 ]; then
    printf '  would build %s: %s -m venv, then pip install -e %s\n' "$VENV_DIR" "$PYTHON" "$spec"
    return 0
  fi
  if [ -L "$VENV_DIR" ]; then rm -f "$VENV_DIR"; fi  # was --venv before
  if [ ! -x "$VENV_DIR/bin/python" ]; then
    say "creating virtualenv $VENV_DIR"
    "$PYTHON" -m venv "$VENV_DIR"
  fi
  # Reinstall only when something pip cares about changed, so an upgrade of the code
  # alone works offline: the editable install maps each top-level package to its folder.
  local stamp="$VENV_DIR/.antrian-installed" want
  want="$(sha256sum "$APP_DIR/pyproject.toml" | cut -d' ' -f1) [$extras] $(
    cd "$APP_DIR" && find . -mindepth 2 -maxdepth 2 -name __init__.py | sort | tr '\n' ' ')"
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    say "installing Antrian${extras:+ [$extras]} and its dependencies into $VENV_DIR (needs the internet)"
    if ! "$VENV_DIR/bin/python" -m pip install -q -e "$spec"; then
      die "pip could not install Antrian into $VENV_DIR" \
        "check the internet connection (pip downloads from pypi.org), then run this again"
    fi
    echo "$want" >"$stamp"
  fi
  # Services cannot write __pycache__ into this root-owned tree: compile it once now.
  "$VENV_DIR/bin/python" -m compileall -q "$APP_DIR" >/dev/null || true
}

# --venv DIR: use an Antrian already installed there (a checkout's .venv made by
# scripts/test); VENV_DIR becomes a link to it, so the units look the same either way.
link_venv() {  # link_venv DIR
  if [ "$DRY_RUN" = 1 ]; then
    printf '  would link %s -> %s\n' "$VENV_DIR" "$1"
    return 0
  fi
  mkdir -p "$OPT_DIR"
  if [ -e "$VENV_DIR" ] && [ ! -L "$VENV_DIR" ]; then rm -rf "$VENV_DIR"; fi
  ln -sfn "$1" "$VENV_DIR"
}

# ---- systemd units and the X session ------------------------------------------------

# Fill in a template from packaging/: every @NAME@ must be known, or the template and
# this script disagree and nothing half-filled is installed.
render() {  # render TEMPLATE; prints it filled in
  local text
  text=$(<"$1")
  text=${text//@ANTRIAN@/"$ANTRIAN"}
  text=${text//@CONFIG@/"$CONFIG"}
  text=${text//@DATA_DIR@/"$DATA_DIR"}
  text=${text//@BACKUP_DIR@/"$BACKUP_DIR"}
  text=${text//@APP_DIR@/"$APP_DIR"}
  text=${text//@OPT_DIR@/"$OPT_DIR"}
  text=${text//@XSESSION_DIR@/"$XSESSION_DIR"}
  text=${text//@USER@/"$SERVICE_USER"}
  text=${text//@HOME@/"$SERVICE_HOME"}
  text=${text//@ROLE@/"$ROLE"}
  text=${text//@UNIT@/"$INSTANCE"}
  text=${text//@SHOW_CURSOR@/"$SHOW_CURSOR"}
  text=${text//@X_NOCURSOR@/"$X_NOCURSOR"}
  if [[ $text =~ @[A-Z_]+@ ]]; then
    die "template $1 has an unknown placeholder ${BASH_REMATCH[0]}" \
      "this is a bug in scripts/install-appliance: report it"
  fi
  printf '%s\n' "$text"
}
