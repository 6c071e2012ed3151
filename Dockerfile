# neurotax on Debian 12, built from this repository with the same install
# script as the README's commands. The default database (about 1 minute to
# build from ncbi-rrna-data) is included with --build-arg WITH_DEFAULT_DB=1.
FROM debian:12
ARG WITH_DEFAULT_DB=0
WORKDIR /opt/neurotax
COPY . .
RUN bash scripts/install-deps.sh \
 && cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release -DNEUROTAX_BUILD_TESTS=OFF \
 && cmake --build build/release \
 && install -m 0755 build/release/pipeline/neurotax /usr/local/bin/neurotax \
 && if [ "$WITH_DEFAULT_DB" = "1" ]; then bash scripts/prepare-default-db.sh /usr/local/bin/neurotax /opt/neurotax/db/default.ntdb; fi \
 && rm -rf build data/packages /var/lib/apt/lists/*
ENTRYPOINT ["neurotax"]
