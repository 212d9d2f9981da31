# The s3spec-server image: a statically linked s3spec-server and nothing else.
# Built by scripts/build-server-image, which compiles the binary first.
FROM scratch
COPY s3spec-server /s3spec-server
ENTRYPOINT ["/s3spec-server"]
CMD ["--listen", "0.0.0.0:9000"]
