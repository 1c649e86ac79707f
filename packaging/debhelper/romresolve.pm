#!/usr/bin/perl
# dh add-on: `Build-Depends: dh-sequence-romresolve` runs dh_romresolve
# after dh_install, on every package that ships drop-ins or firmware dirs.
use strict;
use warnings;
use Debian::Debhelper::Dh_Lib;

insert_after('dh_install', 'dh_romresolve');

1;
