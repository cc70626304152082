// Package class is the teacher's side of framecheck's classroom loop,
// without a browser: it takes the files students handed in (many at once,
// or one ZIP as a learning platform downloads "all submissions"), checks
// each on its own, and gives per readout the class's annotations as a
// density per tag, as passages, and as agreement figures (app/agreement),
// plus the class as one framecheck file and as a CSV.
//
// A hand-in is a framecheck v1 file with an "assignment" and the stamp
// "submittedBy"/"submittedAt" (see app/fcjson). The student's own
// annotations are those signed with their name (the app signs every
// annotation a student makes); others in the file are the pack's examples,
// which are not counted.
package class
