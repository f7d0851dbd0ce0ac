# shellcheck shell=bash
# Sourced by scripts that run Java from Maven Central (deploy/kafka/broker.sh, bench/peer/run.sh).
#
#   maven_classpath POM CACHE_DIR WHAT
#
# Prints the classpath of POM's dependencies, resolved once by Maven into ~/.m2 (offline
# afterwards) and cached in CACHE_DIR per content of the pom; WHAT names it in the one line
# logged to stderr when Maven resolves it.

maven_classpath() {
  local pom=$1 cache=$2 what=$3 key cp_file
  key=$(sha256sum "$pom" | cut -c1-16)
  cp_file="$cache/classpath-$key.txt"
  if [[ -s $cp_file ]] && maven_jars_present "$cp_file"; then
    cat "$cp_file"
    return
  fi
  mkdir -p "$cache"
  echo "resolving $what from Maven Central (cached in ~/.m2 afterwards)" >&2
  mvn -q -B -f "$pom" dependency:build-classpath -Dmdep.outputFile="$cp_file.tmp" >&2
  mv "$cp_file.tmp" "$cp_file"
  cat "$cp_file"
}

# Whether every jar of the classpath file $1 is still there (~/.m2 may have been pruned).
maven_jars_present() {
  local jar
  while IFS= read -r -d: jar || [[ -n $jar ]]; do
    [[ -f $jar ]] || return 1
  done <"$1"
}
