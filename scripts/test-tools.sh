#!/usr/bin/env bash
# Installs the tools some tests need besides Java and Maven (Debian packages), when they are missing:
# python3 with jinja2 (Airflow DAG checks), chromium (the report's rendering check), pandas, matplotlib,
# psycopg2, nbconvert and ipykernel (the notebooks run headless). Does nothing when all are present.
# Without root or apt-get it installs nothing and says which checks will print SKIPPED.
set -uo pipefail
PKGS="python3 python3-jinja2 chromium python3-pandas python3-matplotlib python3-psycopg2 python3-nbconvert python3-ipykernel"
missing=()
command -v python3 >/dev/null || missing+=(python3)
command -v chromium >/dev/null || missing+=(chromium)
if command -v python3 >/dev/null; then
  for m in jinja2:python3-jinja2 pandas:python3-pandas matplotlib:python3-matplotlib psycopg2:python3-psycopg2 \
           nbconvert:python3-nbconvert ipykernel:python3-ipykernel; do
    python3 -c "import ${m%%:*}" 2>/dev/null || missing+=("${m##*:}")
  done
fi
if [ ${#missing[@]} -eq 0 ]; then
  echo "test tools: all present"
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "test tools: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null 2>&1 \
    || { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null 2>&1; } \
    || echo "test tools: could not install ${missing[*]}; the checks that need them print SKIPPED"
else
  echo "test tools: missing ${missing[*]} (install as root: apt-get install -y $PKGS); the checks that need them print SKIPPED"
fi
exit 0
