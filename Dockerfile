# bulk in a container: the release tarball on a Java 21 runtime, with the release's bin/bulk as the entry point.
#
# NOT BUILT HERE: the project's own machines reach no container registry, so this file has never been
# built or run; it follows the release layout that dist/'s tests check.
#
# From the repository root, after the release is packed (mvn -B package -DskipTests, or mvn -B verify):
#   docker build -t bulk .
#   docker run --rm -v "$HOME/.aws:/root/.aws:ro" -e AWS_PROFILE -e AWS_REGION -v "$PWD:/work" bulk count --table t
# Output folders (./bulk-output) land in /work, the mounted folder. --local keeps DynamoDB Local's data in
# /root/.bulk (add -v bulk-local:/root/.bulk to keep it); its native SQLite library is x86-64 (and macOS, Windows)
# only, so on an ARM machine build and run with --platform linux/amd64 for --local.
FROM eclipse-temurin:21-jre

# ADD unpacks a local .tar.gz. The glob takes the one tarball the build made, whatever the version; the link
# fails loudly if there are several.
ADD dist/target/release/bulk-*.tar.gz /opt/
RUN ln -s /opt/bulk-* /opt/bulk

WORKDIR /work
ENTRYPOINT ["/opt/bulk/bin/bulk"]
CMD ["--help"]
