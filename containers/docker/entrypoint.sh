#!/bin/sh
# Entry point of the model image. SageMaker runs `<image> train` for training jobs and
# `<image> serve` for endpoints; our processing jobs pass `preprocess` or `evaluate` (and their
# options) as ContainerArguments. Each becomes `java -jar model-container.jar <command> [args]`.
set -eu

# MODEL_CONTAINER_HOME lets the same script run outside the image (tests, ./mlops).
JAR="${MODEL_CONTAINER_HOME:-/opt/program}/model-container.jar"

usage() {
  echo "usage: <image> <preprocess|train|evaluate|serve> [options]" >&2
}

if [ "$#" -eq 0 ]; then
  usage
  exit 2
fi

case "$1" in
  preprocess|train|evaluate|serve)
    # exec: the JVM replaces this shell, so SageMaker's SIGTERM reaches it directly
    # shellcheck disable=SC2086 # JAVA_OPTS is a list of flags on purpose
    exec java ${JAVA_OPTS:-} --enable-native-access=ALL-UNNAMED -jar "$JAR" "$@"
    ;;
  *)
    echo "unknown command '$1'" >&2
    usage
    exit 2
    ;;
esac
