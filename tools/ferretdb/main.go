// Command ferretdb-embedded runs FerretDB v1 with the SQLite backend as one small binary, so a
// developer machine or CI runner needs no MongoDB or PostgreSQL install to run Qujat.
//
// It prints exactly one line "READY <mongodb uri>" on stdout once the listener accepts connections,
// and exits 0 on SIGTERM/SIGINT after closing the listener and the SQLite files.
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:27117", "TCP address to listen on (host:port)")
	dataDir := flag.String("data-dir", "", "directory for the SQLite files (created if missing)")
	logLevel := flag.String("log-level", "error", "debug, info, warn or error")
	flag.Parse()

	if *dataDir == "" {
		fail("--data-dir is required")
	}
	dir, err := filepath.Abs(*dataDir)
	if err != nil {
		fail("bad --data-dir: %v", err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		fail("cannot create --data-dir: %v", err)
	}

	// FerretDB keeps little live heap (tens of MB) but allocates a lot per command (BSON, JSON, SQL
	// strings), so Go's default GOGC=100 collected many times a second: about a tenth of its CPU in the
	// routes benchmark. A larger growth factor collects less often; the soft memory limit makes the
	// collector work harder again before the heap could pass it. GOGC or GOMEMLIMIT in the environment
	// still win.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(256 << 20)
	}

	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		fail("bad --log-level: %v", err)
	}
	// FerretDB logs every unsupported command (e.g. the driver's endSessions) at warn; error keeps logs readable.
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))

	// FerretDB wants an existing directory as a "file:" URI ending in a slash.
	sqliteURL := (&url.URL{Scheme: "file", Path: filepath.ToSlash(dir) + "/"}).String()

	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: *listen},
		Logger:    logger,
		Handler:   "sqlite",
		SQLiteURL: sqliteURL,
	})
	if err != nil {
		fail("%v", err)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = f.Run(ctx)
	}()

	// MongoDBURI blocks until Run has bound the listener, so READY really means "accepting".
	fmt.Printf("READY %s\n", f.MongoDBURI())

	<-done
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "ferretdb-embedded: "+format+"\n", args...)
	os.Exit(2)
}
