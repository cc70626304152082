// Command framecheck is the thin server of framecheck. It serves the go-app
// page, go-app's scripts and the files of web/ (app.wasm precompressed), and
// nothing else: it stores nothing, has no API, accepts only GET and HEAD and
// never logs request content (readouts and annotations stay in the browser).
//
// Usage:
//
//	framecheck [-addr localhost:8000] [-web web]   serve
//	framecheck -precompress [-web web]             write web/app.wasm.br and .gz, exit
//	framecheck -static DIR [-web web]              write a static copy of the site, exit
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stderr)
	stop()
	if errors.Is(err, flag.ErrHelp) {
		return
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "framecheck:", err)
		os.Exit(1)
	}
}

// run parses args and does what they ask; serving returns when ctx is done,
// after a graceful shutdown.
func run(ctx context.Context, args []string, stderr io.Writer) error {
	fs := flag.NewFlagSet("framecheck", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "localhost:8000", "listen address (host:port; port 0 picks a free port)")
	webDir := fs.String("web", "web", "directory of static assets, containing app.wasm")
	precompress := fs.Bool("precompress", false, "write web/app.wasm.br (brotli 11) and web/app.wasm.gz (gzip best), then exit")
	staticDir := fs.String("static", "", "write a static copy of the site into this (new or empty) directory, then exit")
	accessLog := fs.Bool("access-log", true, "log one line per request: method, path without query, status, size, duration")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments: %q", fs.Args())
	}
	logger := log.New(stderr, "", log.LstdFlags)

	switch {
	case *precompress:
		return precompressWasm(*webDir, logger.Printf)
	case *staticDir != "":
		return generateStatic(*webDir, *staticDir, logger.Printf)
	}

	s, err := newSite(*webDir, logger.Printf)
	if err != nil {
		return err
	}
	var reqLog *log.Logger
	if *accessLog {
		reqLog = logger
	}
	srv := &http.Server{
		Handler:           s.handler(reqLog),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      5 * time.Minute, // app.wasm over a slow link
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          logger,
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	logger.Printf("framecheck %s serving %s on http://%s/", s.version, *webDir, ln.Addr())

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	logger.Printf("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
