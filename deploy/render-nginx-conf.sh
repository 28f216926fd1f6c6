#!/usr/bin/env bash
# Renders deploy/nginx.conf: every ${NAME} is replaced by the environment variable NAME.
# Usage: RUN_DIR=… HTTP_PORT=… HTTPS_PORT=… APP_PORT_A=… APP_PORT_B=… deploy/render-nginx-conf.sh > nginx.conf
set -euo pipefail
template="$(dirname "$0")/nginx.conf"
for name in RUN_DIR HTTP_PORT HTTPS_PORT APP_PORT_A APP_PORT_B; do
  if [ -z "${!name:-}" ]; then echo "render-nginx-conf: $name is not set" >&2; exit 2; fi
done
sed -e "s#\${RUN_DIR}#${RUN_DIR}#g" -e "s#\${HTTP_PORT}#${HTTP_PORT}#g" -e "s#\${HTTPS_PORT}#${HTTPS_PORT}#g" \
    -e "s#\${APP_PORT_A}#${APP_PORT_A}#g" -e "s#\${APP_PORT_B}#${APP_PORT_B}#g" "$template"
