// lib/pq login probe: prints "ok" or "ERR <sqlstate>".
package main

import (
	"database/sql"
	"fmt"
	"os"

	"github.com/lib/pq"
)

func main() {
	dsn := fmt.Sprintf("host=%s port=%s user=%s password='%s' dbname=postgres sslmode=disable", os.Args[1], os.Args[2], os.Args[3], os.Args[4])
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		fmt.Println("ERR open")
		return
	}
	defer db.Close()
	var one int
	if err := db.QueryRow("SELECT 1").Scan(&one); err != nil {
		if pe, ok := err.(*pq.Error); ok {
			fmt.Println("ERR " + string(pe.Code))
		} else {
			fmt.Println("ERR " + err.Error())
		}
		return
	}
	if one == 1 {
		fmt.Println("ok")
	} else {
		fmt.Println("ERR wrong-result")
	}
}
